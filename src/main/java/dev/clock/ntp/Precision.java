package dev.clock.ntp;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The precision an NTP server reports: the log2 of the seconds between two readings of its clock
 * that differ, measured as ntpd and chrony do, by reading the clock in a tight loop and keeping
 * the smallest step seen. It covers both the clock's resolution and the cost of reading it.
 */
final class Precision {
    private static final int STEPS = 1_000;
    private static final Duration MOST_TIME = Duration.ofMillis(20);
    /** 2^-30 s, about 1 ns: no clock read through the JDK steps by less. */
    private static final int FINEST = -30;

    private Precision() {
    }

    /** The precision of {@code clock}, from -30 (1 ns) up. */
    static int measure(InstantSource clock) {
        long start = System.nanoTime();
        long deadline = start + MOST_TIME.toNanos();
        long smallest = Long.MAX_VALUE;
        Instant previous = clock.instant();
        // A fine clock steps at every reading and is done at once; a coarse one is watched long
        // enough to step several times.
        for (int steps = 0; steps < STEPS && System.nanoTime() < deadline; ) {
            Instant now = clock.instant();
            long step = Duration.between(previous, now).toNanos();
            if (step > 0) {
                steps++;
                smallest = Math.min(smallest, step);
            }
            previous = now;
        }
        // A clock that did not step while we watched steps by at least as long as we watched.
        return log2Seconds(smallest == Long.MAX_VALUE ? System.nanoTime() - start : smallest);
    }

    /** The smallest p with 2^p seconds at least {@code nanos}. */
    static int log2Seconds(long nanos) {
        int p = FINEST;
        while (Math.scalb(1.0, p) * 1e9 < nanos) {
            p++;
        }
        return p;
    }
}
