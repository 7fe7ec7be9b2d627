package dev.clock.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineCheckTest {
    private static final long SECOND = 1_000_000_000L;

    private static long parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.US_ASCII);
        return LineCheck.nanosOfDay(b, 0, b.length);
    }

    @Test
    void readsTimesWithOrWithoutAFraction() {
        assertThat(parse("00:00:00")).isZero();
        assertThat(parse("15:04:05")).isEqualTo((15 * 3600 + 4 * 60 + 5) * SECOND);
        assertThat(parse("15:04:05.250")).isEqualTo((15 * 3600 + 4 * 60 + 5) * SECOND + 250_000_000L);
        for (String bad : new String[] {"", "15:04", "15-04-05", "24:00:00", "15:60:00", "15:04:05.", "15:04:05x", "ab:cd:ef",
                "clock: server full, try again later"}) {
            assertThat(parse(bad)).as(bad).isEqualTo(LineCheck.NOT_A_TIME);
        }
    }

    @Test
    void judgesEachLineAgainstTheOneBefore() {
        long t = parse("23:59:59");
        assertThat(LineCheck.judge(t, parse("00:00:00"), SECOND)).as("across midnight").isEqualTo(LineCheck.Verdict.NEXT);
        assertThat(LineCheck.judge(t, t, SECOND)).isEqualTo(LineCheck.Verdict.REPEATED);
        assertThat(LineCheck.judge(t, parse("00:00:02"), SECOND)).isEqualTo(LineCheck.Verdict.SKIPPED);
        assertThat(LineCheck.skipped(t, parse("00:00:02"), SECOND)).isEqualTo(2);
        assertThat(LineCheck.judge(t, parse("23:59:58"), SECOND)).isEqualTo(LineCheck.Verdict.BACKWARDS);
        assertThat(LineCheck.judge(parse("10:00:00.000"), parse("10:00:00.250"), 250_000_000L)).isEqualTo(LineCheck.Verdict.NEXT);
    }

    @Test
    void lagIsTheArrivalAfterTheNamedSecondWhateverTheServersZone() {
        long arrivedUtc = parse("12:00:05.120");
        assertThat(LineCheck.lag(arrivedUtc, parse("12:00:05"))).isEqualTo(120_000_000L);
        assertThat(LineCheck.lag(arrivedUtc, parse("21:00:05"))).as("Tokyo, UTC+9").isEqualTo(120_000_000L);
        assertThat(LineCheck.lag(arrivedUtc, parse("17:30:05"))).as("Kolkata, UTC+5:30").isEqualTo(120_000_000L);
        assertThat(LineCheck.lag(arrivedUtc, parse("12:00:06"))).as("a line ahead of our clock").isEqualTo(-880_000_000L);
    }

    @Test
    void histogramPercentilesAreBucketEdgesCappedByTheMax() {
        LagHistogram h = new LagHistogram();
        for (int ms = 1; ms <= 100; ms++) {
            h.record(ms * 1_000_000L);
        }
        h.record(-5_000_000L); // early: counted at 0
        assertThat(h.count()).isEqualTo(101);
        assertThat(h.percentile(0.50).toMillis()).isEqualTo(50);
        assertThat(h.percentile(0.99).toMillis()).isEqualTo(99);
        assertThat(h.percentile(1.0).toMillis()).isEqualTo(100);
        assertThat(h.max().toMillis()).isEqualTo(100);
        assertThat(new LagHistogram().percentile(0.5)).isNull();
    }
}
