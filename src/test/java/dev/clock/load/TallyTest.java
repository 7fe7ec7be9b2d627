package dev.clock.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The three delays of a line: read lag, kernel lag, and the generator's own delay between them. */
class TallyTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long BASE = 7 * SECOND;
    private static final Instant WALL = Instant.parse("2026-01-01T10:00:00Z");

    private static long nanosOfDay(int h, int m, int s) {
        return ((h * 60L + m) * 60 + s) * SECOND;
    }

    @Test
    void eachLagIsItsTimeAfterTheStartOfTheSecondTheLineNames() {
        Tally tally = new Tally(SECOND, WALL, BASE);
        tally.openWindow(BASE, Long.MAX_VALUE);
        long epoch = Arrival.epochNanos(WALL);
        // 10:00:05 received by the kernel 12 ms into its second, read 47 ms into it.
        Arrival arrival = new Arrival(BASE + 5 * SECOND + 47_000_000, epoch + 5 * SECOND + 47_000_000, epoch + 5 * SECOND + 12_000_000);

        tally.line(nanosOfDay(10, 0, 4), nanosOfDay(10, 0, 5), arrival);

        assertThat(tally.lags.max().toNanos()).isEqualTo(47_000_000);
        assertThat(tally.kernelLags.max().toNanos()).isEqualTo(12_000_000);
        assertThat(tally.readerDelays.max().toNanos()).isEqualTo(35_000_000);
        assertThat(tally.withoutKernelTime.sum()).isZero();
    }

    @Test
    void aLineWithoutAKernelTimeHasOnlyItsReadLag() {
        Tally tally = new Tally(SECOND, WALL, BASE);
        tally.openWindow(BASE, Long.MAX_VALUE);

        tally.line(nanosOfDay(10, 0, 4), nanosOfDay(10, 0, 5), new Arrival(BASE + 5 * SECOND + 3_000_000, Arrival.NO_TIME, Arrival.NO_TIME));

        assertThat(tally.lags.max().toNanos()).isEqualTo(3_000_000);
        assertThat(tally.kernelLags.count()).isZero();
        assertThat(tally.readerDelays.count()).isZero();
        assertThat(tally.withoutKernelTime.sum()).isEqualTo(1);
    }

    @Test
    void theKernelLagIsTakenInAnyZoneAsTheReadLagIs() {
        Tally tally = new Tally(SECOND, WALL, BASE);
        tally.openWindow(BASE, Long.MAX_VALUE);
        long epoch = Arrival.epochNanos(WALL);
        // A server in UTC+05:30 names 15:30:05 for 10:00:05 UTC.
        Arrival arrival = new Arrival(BASE + 5 * SECOND + 9_000_000, epoch + 5 * SECOND + 9_000_000, epoch + 5 * SECOND + 2_000_000);

        tally.line(nanosOfDay(15, 30, 4), nanosOfDay(15, 30, 5), arrival);

        assertThat(tally.lags.max().toNanos()).isEqualTo(9_000_000);
        assertThat(tally.kernelLags.max().toNanos()).isEqualTo(2_000_000);
    }
}
