package dev.clock.ntp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class PrecisionTest {

    @Test
    void log2SecondsIsTheSmallestPowerOfTwoAtLeastTheStep() {
        assertThat(Precision.log2Seconds(1_000_000_000L)).isEqualTo(0);
        assertThat(Precision.log2Seconds(1_000_000L)).isEqualTo(-9);   // 1 ms: 2^-10 s is 977 µs, too short
        assertThat(Precision.log2Seconds(1_000L)).isEqualTo(-19);      // 1 µs
        assertThat(Precision.log2Seconds(953L)).isEqualTo(-20);        // 2^-20 s is 953.7 ns
        assertThat(Precision.log2Seconds(954L)).isEqualTo(-19);
        assertThat(Precision.log2Seconds(1L)).isEqualTo(-29);
        assertThat(Precision.log2Seconds(0L)).isEqualTo(-30);
    }

    @Test
    void aClockThatStepsByMillisecondsHasAMillisecondsPrecision() {
        assertThat(Precision.measure(Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)))).isEqualTo(-9);
    }

    @Test
    void theJdksClockIsFinerThanAMicrosecond() {
        assertThat(Precision.measure(InstantSource.system())).isBetween(-30, -20);
    }

    @Test
    void aClockThatNeverStepsIsReportedAsCoarseAsTheTimeItWasWatched() {
        InstantSource frozen = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));
        // Watched for its 20 ms (2^-6 s is 15.6 ms, too short), and less than a second even on a busy machine.
        assertThat(Precision.measure(frozen)).isGreaterThanOrEqualTo(-20).isBetween(-5, 0);
    }
}
