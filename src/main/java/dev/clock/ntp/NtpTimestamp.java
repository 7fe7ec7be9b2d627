package dev.clock.ntp;

import java.time.Instant;

/** NTP's 64-bit timestamp: seconds since 1900 in the high 32 bits, a binary fraction of a second in the low. */
final class NtpTimestamp {
    /** Seconds from 1900-01-01 (NTP's era 0) to 1970-01-01 (Java's epoch). */
    static final long SECONDS_1900_TO_1970 = 2_208_988_800L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private NtpTimestamp() {
    }

    /**
     * {@code instant} at full resolution, its fraction rounded to the nearest 2^-32 s (0.23 ns).
     * Seconds are taken modulo 2^32, so from 2036 on the value is of era 1, as RFC 5905 has it.
     */
    static long of(Instant instant) {
        return of(instant.getEpochSecond(), instant.getNano());
    }

    /** As {@link #of(Instant)}, for nanoseconds since the epoch (as the kernel gives them). */
    static long ofEpochNanos(long nanos) {
        return of(Math.floorDiv(nanos, NANOS_PER_SECOND), (int) Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    private static long of(long epochSecond, int nano) {
        long seconds = epochSecond + SECONDS_1900_TO_1970;
        long fraction = ((long) nano << 32) + NANOS_PER_SECOND / 2;
        fraction /= NANOS_PER_SECOND;
        return (seconds << 32) + fraction;
    }
}
