package dev.clock.protocol;

import java.util.function.LongSupplier;

/**
 * At most {@code perSecond} permits a second, with a burst of at most one second's worth: over
 * any T seconds it grants at most {@code perSecond × (T + 1)}. (A count reset at each second grants
 * twice the rate in the second that straddles a reset.) It schedules each permit one interval
 * after the last, and refuses one that would be scheduled more than a second ahead: the generic
 * cell rate algorithm. Not thread-safe: each serving loop owns one.
 */
final class RateLimit {
    private static final long SECOND = 1_000_000_000L;

    private final long interval;
    private final long tolerance;
    private final LongSupplier nanoTime;
    private long next;

    /** @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} */
    RateLimit(int perSecond, LongSupplier nanoTime) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("a rate limit needs at least 1 a second: " + perSecond);
        }
        this.interval = SECOND / perSecond;
        this.tolerance = SECOND - interval;
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
