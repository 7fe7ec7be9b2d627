package dev.clock.protocol;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * RFC 868, the Time protocol: the time as a 32-bit big-endian count of seconds since
 * 1900-01-01T00:00Z. The count wraps modulo 2^32 at 2036-02-07T06:28:16Z, as RFC 868 clients
 * expect (they take the era nearest their own clock).
 */
public final class TimeProtocol {
    /** Seconds from 1900-01-01 to 1970-01-01, the Unix epoch. */
    static final long SECONDS_1900_TO_1970 = 2_208_988_800L;
    public static final int DEFAULT_PORT = 37;

    private TimeProtocol() {
    }

    public static long seconds(Instant instant) {
        return (instant.getEpochSecond() + SECONDS_1900_TO_1970) & 0xFFFF_FFFFL;
    }

    /** The four bytes of the reply. */
    public static ByteBuffer encode(Instant instant) {
        return ByteBuffer.allocate(4).putInt(0, (int) seconds(instant));
    }
}
