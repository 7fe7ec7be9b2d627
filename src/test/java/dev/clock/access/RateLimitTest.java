package dev.clock.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimitTest {
    private static final long MS = 1_000_000L;

    private long now = 5_000 * MS;
    private final RateLimit limit = new RateLimit(Gcra.perSecond(10_000, 1_000), () -> now);

    @Test
    void aBurstIsAtMostTheBurst() {
        assertThat(drain()).isEqualTo(1_000);
        now += 100_000; // one interval: 1 s / 10,000
        assertThat(drain()).isEqualTo(1);
    }

    @Test
    void noSecondBurstAcrossASecondsBoundary() {
        // A count reset each second would grant 10,000 at 0.999 s and 10,000 more at 1.001 s.
        RateLimit oneSecondsBurst = new RateLimit(Gcra.perSecond(10_000, 10_000), () -> now);
        now += 999 * MS;
        assertThat(drain(oneSecondsBurst)).isEqualTo(10_000);
        now += 2 * MS;
        assertThat(drain(oneSecondsBurst)).isEqualTo(20);
    }

    @Test
    void unlimitedDemandGetsTheRateTimesTheSecondsPlusOneBurst() {
        long start = now;
        long granted = 0;
        for (; now <= start + 3_000 * MS; now += 10_000) {
            granted += drain();
        }
        assertThat(granted).isEqualTo(10_000L * 3 + 1_000);
    }

    @Test
    void aNanoTimeThatWrapsIsNoGap() {
        now = Long.MAX_VALUE - 50 * MS;
        RateLimit wrapping = new RateLimit(Gcra.perSecond(10_000, 1_000), () -> now);
        assertThat(drain(wrapping)).isEqualTo(1_000);
        now += 100 * MS; // past Long.MAX_VALUE: 1,000 intervals later
        assertThat(drain(wrapping)).isEqualTo(1_000);
        now += 10 * MS;
        assertThat(drain(wrapping)).isEqualTo(100);
    }

    private int drain() {
        return drain(limit);
    }

    private static int drain(RateLimit limit) {
        int granted = 0;
        while (limit.tryAcquire()) {
            granted++;
        }
        return granted;
    }
}
