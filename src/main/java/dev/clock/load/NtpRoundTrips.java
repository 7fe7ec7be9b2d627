package dev.clock.load;

import java.time.Duration;

/**
 * Round trips of one socket's requests, recorded by its one thread, merged when the run is over:
 * 1 µs buckets below a millisecond (a loopback round trip is tens of µs), 1 ms buckets from there
 * to a second, one bucket above, and the exact maximum.
 */
final class NtpRoundTrips {
    private static final long MICRO = 1_000;
    private static final long MILLI = 1_000_000;
    private static final int FINE = 1_000;
    private static final int COARSE = 1_000;

    private final long[] counts = new long[FINE + COARSE + 1];
    private long max = -1;

    void record(long nanos) {
        long n = Math.max(0, nanos);
        int bucket = n < MILLI ? (int) (n / MICRO) : (int) Math.min(FINE + COARSE, FINE + n / MILLI - 1);
        counts[bucket]++;
        max = Math.max(max, n);
    }

    void add(NtpRoundTrips other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        max = Math.max(max, other.max);
    }

    long count() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** The round trip at or below which {@code fraction} of them came (the bucket's upper edge, at most the maximum), or null if none. */
    Duration percentile(double fraction) {
        long total = count();
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Duration.ofNanos(Math.min(upperEdge(i), max));
            }
        }
        return max();
    }

    Duration max() {
        return max < 0 ? null : Duration.ofNanos(max);
    }

    /** The last bucket holds everything from a second up: its edge is the maximum. */
    private static long upperEdge(int bucket) {
        return bucket < FINE ? (bucket + 1) * MICRO : bucket == FINE + COARSE ? Long.MAX_VALUE : (bucket - FINE + 2) * MILLI;
    }
}
