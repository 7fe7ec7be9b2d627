package dev.clock.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The one rate limiter, for a door ({@link RateLimit}) and per source ({@link SourceLimits}). */
class GcraTest {
    private static final long SECOND = 1_000_000_000L;

    static LongStream seeds() {
        return LongStream.range(0, 20);
    }

    @Test
    void theBurstIsExactlyTheBurst() {
        Gcra rate = Gcra.of(Duration.ofSeconds(1), 3);
        assertThat(rate).isEqualTo(new Gcra(SECOND, 2 * SECOND));
        long now = 77;
        long tat = now;
        for (int i = 0; i < 3; i++) {
            assertThat(rate.allows(tat, now)).as("request %d", i + 1).isTrue();
            tat = rate.after(tat, now);
        }
        assertThat(tat).isEqualTo(now + 3 * SECOND);
        assertThat(rate.allows(tat, now)).as("the fourth at once").isFalse();
        assertThat(rate.allows(tat, now + SECOND - 1)).as("a nanosecond early").isFalse();
        assertThat(rate.allows(tat, now + SECOND)).as("one interval later").isTrue();
        assertThat(rate.after(tat, now + SECOND)).isEqualTo(now + 4 * SECOND);
        assertThat(rate.after(now, now + 10 * SECOND)).as("a quiet source starts from now").isEqualTo(now + 11 * SECOND);
    }

    @Test
    void aBurstOfOneIsOneAtATime() {
        Gcra rate = Gcra.perSecond(2, 1);
        assertThat(rate).isEqualTo(new Gcra(SECOND / 2, 0));
        assertThat(rate.allows(0, 0)).isTrue();
        assertThat(rate.allows(SECOND / 2, 0)).isFalse();
        assertThat(rate.allows(SECOND / 2, SECOND / 2)).isTrue();
    }

    @Test
    void aRateIsPositiveAndABurstAtLeastOne() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Gcra.perSecond(bad, 1)).as("%s", bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Gcra.perSecond(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Gcra(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Gcra(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Gcra.perSecond(1e12, 1).interval()).as("at least a nanosecond apart").isEqualTo(1);
        assertThat(Gcra.perSecond(0.5, 2)).isEqualTo(new Gcra(2 * SECOND, 2 * SECOND));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void overAnyWindowItGrantsAtMostTheRateTimesTheWindowPlusTheBurst(long seed) {
        Random random = new Random(seed);
        long interval = 1 + random.nextInt(1_000);
        int burst = 1 + random.nextInt(10);
        long[] now = {random.nextLong()}; // nanoTime may be anywhere, and wrap
        RateLimit limit = new RateLimit(new Gcra(interval, (burst - 1) * interval), () -> now[0]);
        List<Long> granted = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            now[0] += random.nextInt(4) == 0 ? random.nextInt((int) interval * 3) : 0;
            if (limit.tryAcquire()) {
                granted.add(now[0]);
            }
        }
        assertWithinRate(granted, interval, burst);
        assertThat(granted).as("a first burst, whole").hasSizeGreaterThanOrEqualTo(burst);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void perSourceEachSourceKeepsItsOwnRateAndAQuietOneEarnsBackItsBurstNoMore(long seed) throws Exception {
        Random random = new Random(seed);
        long interval = 1 + random.nextInt(1_000);
        int burst = 1 + random.nextInt(10);
        SourceLimits limits = new SourceLimits(new Gcra(interval, (burst - 1) * interval), 16);
        InetAddress[] sources = {InetAddress.getByName("192.0.2.1"), InetAddress.getByName("2001:db8::1"),
            InetAddress.getByName("192.0.2.2")};
        List<List<Long>> granted = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        long now = random.nextLong();
        long[] refusedInARow = new long[3];
        for (int i = 0; i < 900; i++) {
            now += random.nextInt(4) == 0 ? random.nextInt((int) interval * 3) : 0;
            int s = random.nextInt(3);
            long refused = limits.take(sources[s], now);
            if (refused == 0) {
                granted.get(s).add(now);
                refusedInARow[s] = 0;
            } else {
                assertThat(refused).as("refusals in a row").isEqualTo(++refusedInARow[s]);
            }
        }
        for (List<Long> times : granted) {
            assertWithinRate(times, interval, burst);
        }
        InetAddress quiet = InetAddress.getByName("198.51.100.1");
        int first = 0;
        while (limits.take(quiet, now) == 0) {
            first++;
        }
        int again = 0;
        while (limits.take(quiet, now + 1_000 * interval) == 0) {
            again++;
        }
        assertThat(first).isEqualTo(burst);
        assertThat(again).isEqualTo(burst);
    }

    /** For every two grants, those between them (both counted) are at most their distance / interval + burst. */
    private static void assertWithinRate(List<Long> granted, long interval, int burst) {
        for (int i = 0; i < granted.size(); i++) {
            for (int j = i; j < granted.size(); j++) {
                long window = granted.get(j) - granted.get(i);
                if (j - i + 1 > window / interval + burst) { // plain code: AssertJ for every pair takes seconds
                    assertThat((long) (j - i + 1)).as("grants in %d ns, interval %d, burst %d", window, interval, burst)
                            .isLessThanOrEqualTo(window / interval + burst);
                }
            }
        }
    }
}
