package dev.clock.net;

import java.time.Duration;
import java.util.Objects;

/**
 * A capped doubling delay: {@code first}, twice that, ... up to {@code max}, and back to
 * {@code first} after {@link #reset()}. Not thread-safe: each loop that retries owns one.
 */
public final class Backoff {
    private final Duration first;
    private final Duration max;
    private Duration next;

    public Backoff(Duration first, Duration max) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 < first <= max: " + first + ", " + max);
        }
        this.first = first;
        this.max = Objects.requireNonNull(max);
        this.next = first;
    }

    /** The delay to wait now; the one after it is twice as long, up to the cap. */
    public Duration next() {
        Duration now = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return now;
    }

    /** Whether a delay was handed out since the last reset: the loop is in a failure episode. */
    public boolean active() {
        return !next.equals(first);
    }

    /** Back to the first delay: the operation succeeded. */
    public void reset() {
        next = first;
    }

    public Duration max() {
        return max;
    }
}
