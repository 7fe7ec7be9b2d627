package dev.clock.access;

import java.time.Duration;

/**
 * A rate as the generic cell rate algorithm keeps it: one request per {@code interval} on average,
 * and {@code burst} at once. Each request is scheduled one interval after the last (its theoretical
 * arrival time, TAT), and one that would be scheduled more than {@code burst - 1} intervals ahead
 * is refused: over any T seconds at most {@code T / interval + burst} are let through. (A count
 * reset each second grants twice the rate in a second that straddles a reset.) The same rule as a
 * token bucket of {@code burst} tokens, kept as one number, and chrony's {@code ratelimit}.
 *
 * <p>Stateless: the TAT is its user's, one for a whole door ({@link RateLimit}) or one per source
 * ({@link SourceLimits}). Times are {@link System#nanoTime()}'s, which may wrap: only differences
 * are compared.
 *
 * @param interval  nanoseconds between requests at the average rate, at least 1
 * @param tolerance nanoseconds a request may come early: {@code (burst - 1) * interval}
 */
public record Gcra(long interval, long tolerance) {
    private static final double SECOND = 1e9;

    /** @throws IllegalArgumentException for an interval under a nanosecond or a burst under 1 */
    public Gcra {
        if (interval < 1 || tolerance < 0) {
            throw new IllegalArgumentException("a rate needs an interval of at least 1 ns and a burst of at least 1");
        }
    }

    /** One every {@code interval}, {@code burst} at once. */
    public static Gcra of(Duration interval, int burst) {
        return of(interval.toNanos(), burst);
    }

    /** {@code perSecond} a second (rounded to a whole number of nanoseconds apart), {@code burst} at once. */
    public static Gcra perSecond(double perSecond, int burst) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("a rate is a positive number a second, not " + perSecond);
        }
        return of(Math.max(1, Math.round(SECOND / perSecond)), burst);
    }

    private static Gcra of(long interval, int burst) {
        if (burst < 1) {
            throw new IllegalArgumentException("a burst is at least 1, not " + burst);
        }
        return new Gcra(interval, Math.multiplyExact(burst - 1L, interval));
    }

    /** Whether a request at {@code now} is let through, its source's TAT being {@code tat}. */
    public boolean allows(long tat, long now) {
        return scheduled(tat, now) - now <= tolerance;
    }

    /** The TAT after a request let through at {@code now}. */
    public long after(long tat, long now) {
        return scheduled(tat, now) + interval;
    }

    /** A request is scheduled at the TAT, or now if that has passed: a quiet source earns back its burst, no more. */
    private static long scheduled(long tat, long now) {
        return tat - now > 0 ? tat : now;
    }
}
