package dev.clock.ntp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * chrony's {@code ratelimit}: a token bucket per client address, kept as the time its bucket will
 * be full again, in a table of bounded size that forgets the least recently heard address first,
 * so a flood from many addresses cannot grow it. Not thread-safe: one thread serves the requests;
 * {@link #size()} may be read from any.
 */
final class RateLimiter {
    /** What to do with one request. */
    enum Decision { ANSWER, KISS_OF_DEATH, DROP }

    /** One address's bucket: when it allows the next request at the average rate, and how far over it is. */
    private static final class Bucket {
        long fullAt;
        long overLimit;

        Bucket(long fullAt) {
            this.fullAt = fullAt;
        }
    }

    private final long interval;
    private final long burstCredit;
    private final int kodEvery;
    private final Map<InetAddress, Bucket> buckets;
    private volatile int size;

    RateLimiter(Duration interval, int burst, int kodEvery, int tableSize) {
        this.interval = interval.toNanos();
        this.burstCredit = (burst - 1) * this.interval;
        this.kodEvery = kodEvery;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
                return size() > tableSize;
            }
        };
    }

    /** Whether a request from {@code client} at {@code nanoTime} (of {@link System#nanoTime()}) is answered. */
    Decision decide(InetAddress client, long nanoTime) {
        Bucket bucket = buckets.get(client);
        if (bucket == null) {
            bucket = new Bucket(nanoTime);
            buckets.put(client, bucket);
            size = buckets.size();
        }
        if (nanoTime - (bucket.fullAt - burstCredit) >= 0) {
            bucket.fullAt = Math.max(bucket.fullAt - nanoTime, 0) + nanoTime + interval;
            bucket.overLimit = 0;
            return Decision.ANSWER;
        }
        // The first request over the limit hears why, and so does one in kodEvery after it.
        long over = bucket.overLimit++;
        return kodEvery > 0 && over % kodEvery == 0 ? Decision.KISS_OF_DEATH : Decision.DROP;
    }

    /** Addresses remembered now. */
    int size() {
        return size;
    }
}
