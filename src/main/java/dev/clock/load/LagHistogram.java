package dev.clock.load;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Lags recorded from many threads at once: 100 µs buckets up to a minute, plus the exact maximum.
 * Recording is one uncontended-enough atomic add; there is no lock.
 */
final class LagHistogram {
    static final long BUCKET_NANOS = 100_000;
    private static final int BUCKETS = (int) (Duration.ofMinutes(1).toNanos() / BUCKET_NANOS) + 1;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAccumulator max = new LongAccumulator(Math::max, Long.MIN_VALUE);

    /** Records a lag; a negative one (a line that came before its second, by clock skew) counts as 0. */
    void record(long lagNanos) {
        long clamped = Math.max(0, lagNanos);
        counts.incrementAndGet((int) Math.min(BUCKETS - 1, clamped / BUCKET_NANOS));
        max.accumulate(lagNanos);
    }

    long count() {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The lag at or below which {@code fraction} of the lines came (the bucket's upper edge), or null if none. */
    Duration percentile(double fraction) {
        long total = count();
        if (total == 0) {
            return null;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= Math.max(1, rank)) {
                return Duration.ofNanos(Math.min((i + 1) * BUCKET_NANOS, Math.max(0, max.get())));
            }
        }
        return max();
    }

    Duration max() {
        long m = max.get();
        return m == Long.MIN_VALUE ? null : Duration.ofNanos(m);
    }
}
