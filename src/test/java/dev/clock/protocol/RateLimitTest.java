package dev.clock.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimitTest {
    private static final long MS = 1_000_000L;

    private long now = 5_000 * MS;
    private final RateLimit limit = new RateLimit(10_000, () -> now);

    @Test
    void aBurstIsOneSecondsWorth() {
        assertThat(drain()).isEqualTo(10_000);
        now += 100_000; // one interval: 1 s / 10,000
        assertThat(drain()).isEqualTo(1);
    }

    @Test
    void noSecondBurstAcrossASecondsBoundary() {
        // A count reset each second would grant 10,000 at 0.999 s and 10,000 more at 1.001 s.
        now += 999 * MS;
        assertThat(drain()).isEqualTo(10_000);
        now += 2 * MS;
        assertThat(drain()).isEqualTo(20);
    }

    @Test
    void unlimitedDemandGetsTheRateTimesTheSecondsPlusOneBurst() {
        long start = now;
        long granted = 0;
        for (; now <= start + 3_000 * MS; now += 10_000) {
            granted += drain();
        }
        assertThat(granted).isEqualTo(10_000L * 3 + 10_000);
    }

    @Test
    void aNanoTimeThatWrapsIsNoGap() {
        now = Long.MAX_VALUE - 50 * MS;
        RateLimit wrapping = new RateLimit(10_000, () -> now);
        int granted = 0;
        while (wrapping.tryAcquire()) {
            granted++;
        }
        now += 100 * MS; // past Long.MAX_VALUE
        int after = 0;
        while (wrapping.tryAcquire()) {
            after++;
        }
        assertThat(granted).isEqualTo(10_000);
        assertThat(after).isEqualTo(1_000);
    }

    private int drain() {
        int granted = 0;
        while (limit.tryAcquire()) {
            granted++;
        }
        return granted;
    }
}
