package dev.clock.access;

import java.util.function.LongSupplier;

/**
 * One {@link Gcra} for a whole door: the ceiling on the replies of a UDP responder over every source
 * together, however many sources a flood forges. Not thread-safe: each serving loop owns one.
 */
public final class RateLimit {
    private final Gcra rate;
    private final LongSupplier nanoTime;
    private long tat;

    /** @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} */
    public RateLimit(Gcra rate, LongSupplier nanoTime) {
        this.rate = rate;
        this.nanoTime = nanoTime;
        this.tat = nanoTime.getAsLong();
    }

    /** Whether one more is allowed now; if so, it is counted. */
    public boolean tryAcquire() {
        long now = nanoTime.getAsLong();
        if (!rate.allows(tat, now)) {
            return false;
        }
        tat = rate.after(tat, now);
        return true;
    }
}
