package dev.clock.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link HttpListener} listens and what it lets a client hold.
 *
 * @param address        where to listen; port 0 takes a free port
 * @param headTimeout    from the moment a request is awaited until its head has ended: a client that
 *                       sends nothing (an idle keep-alive) or sends its head slowly (slowloris) is
 *                       closed then
 * @param writeTimeout   how long a response, or an event's remainder, may wait for a client that does not read
 * @param maxRequests    requests served on one connection before it is closed
 * @param fanOutThreads  threads that write each event, each to its own share of the event streams
 * @param maxWaiting     connections that may wait for a request head at once (new, idle or slow): one
 *                       more closes the one that has waited longest, so that a request sent whole
 *                       is always read; {@link Integer#MAX_VALUE} for no bound but the listener's places
 */
public record HttpSettings(InetSocketAddress address, Duration headTimeout, Duration writeTimeout, int maxRequests,
                           int fanOutThreads, int maxWaiting) {
    public static final Duration HEAD_TIMEOUT = Duration.ofSeconds(5);
    /** Enough for a page, its offset's round trips and hours of reloads; then the browser opens a new connection. */
    public static final int MAX_REQUESTS = 100;

    public HttpSettings {
        Objects.requireNonNull(address);
        Objects.requireNonNull(headTimeout);
        Objects.requireNonNull(writeTimeout);
        if (maxRequests < 1 || fanOutThreads < 1 || maxWaiting < 1) {
            throw new IllegalArgumentException("maxRequests, fanOutThreads and maxWaiting must be at least 1");
        }
    }

    /** The defaults, at {@code address}. */
    public static HttpSettings at(InetSocketAddress address, Duration writeTimeout, int fanOutThreads) {
        return new HttpSettings(address, HEAD_TIMEOUT, writeTimeout, MAX_REQUESTS, fanOutThreads, Integer.MAX_VALUE);
    }
}
