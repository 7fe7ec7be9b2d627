package dev.clock.protocol;

import java.util.function.LongSupplier;

/**
 * At most {@code perSecond} permits a second, and at most {@code burst} at once: over any T
 * seconds it grants at most {@code perSecond × T + burst}. (A count reset at each second grants
 * twice the rate in the second that straddles a reset.) It schedules each permit one interval
 * after the last, and refuses one that would be scheduled more than {@code burst - 1} intervals
 * ahead: the generic cell rate algorithm. Not thread-safe: each serving loop owns one.
 */
final class RateLimit {
    private static final long SECOND = 1_000_000_000L;

    private final long interval;
    private final long tolerance;
    private final LongSupplier nanoTime;
    private long next;

    /** @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} */
    RateLimit(int perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs at least 1 a second and a burst of 1: " + perSecond + ", " + burst);
        }
        this.interval = SECOND / perSecond;
        this.tolerance = (burst - 1) * interval;
        this.nanoTime = nanoTime;
        this.next = nanoTime.getAsLong();
    }

    /** Whether one more is allowed now; if so, it is counted. */
    boolean tryAcquire() {
        long now = nanoTime.getAsLong();
        long scheduled = next - now > 0 ? next : now; // nanoTime may wrap: compare differences
        if (scheduled - now > tolerance) {
            return false;
        }
        next = scheduled + interval;
        return true;
    }
}
