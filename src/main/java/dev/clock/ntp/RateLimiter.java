package dev.clock.ntp;

import dev.clock.access.Gcra;
import dev.clock.access.SourceLimits;
import java.net.InetAddress;
import java.time.Duration;

/**
 * chrony's {@code ratelimit}: the server's one per-source rate ({@link SourceLimits}: an IPv4
 * address or an IPv6 /64 is one client, as on every door, in a table of bounded size that forgets
 * the least recently heard first), and chrony's answer to a client over it: the first request over
 * and every {@code kodEvery}-th after it get a Kiss-o'-Death, the rest nothing.
 */
final class RateLimiter {
    /** What to do with one request. */
    enum Decision { ANSWER, KISS_OF_DEATH, DROP }

    private final SourceLimits limits;
    private final int kodEvery;

    RateLimiter(Duration interval, int burst, int kodEvery, int tableSize) {
        this.limits = new SourceLimits(Gcra.of(interval, burst), tableSize);
        this.kodEvery = kodEvery;
    }

    /** Whether a request from {@code client} at {@code nanoTime} (of {@link System#nanoTime()}) is answered. */
    Decision decide(InetAddress client, long nanoTime) {
        long refused = limits.take(client, nanoTime);
        if (refused == 0) {
            return Decision.ANSWER;
        }
        return kodEvery > 0 && (refused - 1) % kodEvery == 0 ? Decision.KISS_OF_DEATH : Decision.DROP;
    }

    /** Sources remembered now. */
    int size() {
        return limits.size();
    }
}
