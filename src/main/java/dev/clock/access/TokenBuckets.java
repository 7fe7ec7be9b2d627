package dev.clock.access;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per source, {@code rate} tokens a second up to {@code burst}, in a table of at
 * most {@code capacity} sources: the least recently seen is forgotten first, so addresses that change
 * with every packet cannot grow it. A forgotten source starts again with a full bucket, which is
 * the cost of bounding the table: an attacker with more addresses than the table holds gets each a
 * burst, no more than with as many real machines.
 */
public final class TokenBuckets {
    private final double ratePerNano;
    private final double burst;
    private final Map<Source, Bucket> table;

    public TokenBuckets(double ratePerSecond, int burst, int capacity) {
        if (ratePerSecond <= 0 || burst < 1 || capacity < 1) {
            throw new IllegalArgumentException("a token bucket needs a positive rate, burst and capacity");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.table = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Source, Bucket> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Takes a token from {@code source}'s bucket at {@code nowNanos}; false when it is empty. */
    public synchronized boolean tryTake(Source source, long nowNanos) {
        Bucket bucket = table.get(source);
        if (bucket == null) {
            table.put(source, new Bucket(burst - 1, nowNanos));
            return true;
        }
        bucket.tokens = Math.min(burst, bucket.tokens + (nowNanos - bucket.refilled) * ratePerNano);
        bucket.refilled = nowNanos;
        if (bucket.tokens < 1) {
            return false;
        }
        bucket.tokens -= 1;
        return true;
    }

    private static final class Bucket {
        double tokens;
        long refilled;

        Bucket(double tokens, long refilled) {
            this.tokens = tokens;
            this.refilled = refilled;
        }
    }

    /** Sources remembered now: never more than the capacity. */
    public synchronized int size() {
        return table.size();
    }
}
