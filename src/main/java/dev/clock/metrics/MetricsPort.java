package dev.clock.metrics;

import dev.clock.access.AccessPolicy;
import dev.clock.http.HttpListener;
import dev.clock.http.HttpSettings;
import dev.clock.http.Site;
import dev.clock.tcp.ClientPlaces;
import dev.clock.tcp.TcpListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;

/**
 * The metrics port ({@code --metrics}): the {@link MetricsSite} on an {@link HttpListener} of its
 * own, with the page's parser and limits, plus what keeps {@code /healthz} answered while anyone
 * who can reach the port holds connections to it: a pool of places of its own (not the clock's
 * {@code --max-clients}), a few connections per source, a short cut for a connection that sends no
 * request, and room kept for requests that arrive whole (past {@link #MAX_WAITING} connections
 * waiting for a request, the one that has waited longest is closed). {@code --allow},
 * {@code --deny} and {@code --max-connect-rate} apply here as on every port; the per-source count
 * is this port's own, so that clients of the clock holding their source's share (a balancer's own
 * address) do not lock its health checks out.
 */
public final class MetricsPort {
    /** Connections at once: scrapers and a balancer's probes need a few; the rest is for the siege. */
    public static final int PLACES = 64;
    /**
     * Connections waiting for a request at once, a quarter of the places: the rest is for requests
     * being answered, and for the connections closed to make room whose ends are under way.
     */
    static final int MAX_WAITING = PLACES / 4;
    /**
     * Connections from one source (an IPv4 address, an IPv6 /64) at once, a quarter of the places, so
     * that one source cannot hold them with responses it does not read: a Prometheus and a balancer
     * need one or two each; the rest is slack for a client that reconnects faster than the ends of
     * its last connections are seen here (a burst of aborted connections runs ahead by a dozen or more).
     */
    public static final int PER_SOURCE = PLACES / 4;
    /** A scraper and a probe send their request as they connect; an idle or slow connection is cut after this. */
    public static final Duration HEAD_TIMEOUT = Duration.ofSeconds(2);
    /** Requests on one connection before it is closed: a scraper's keep-alive, renewed now and then. */
    private static final int MAX_REQUESTS = 100;

    private MetricsPort() {
    }

    /**
     * Binds the metrics port; nothing is accepted until the listener is started.
     *
     * @param serve        the access rules of {@code clock serve}: their lists and connect rate apply here too
     * @param writeTimeout how long a scrape may wait for a client that does not read it
     * @throws IOException if the address cannot be bound
     */
    public static TcpListener bind(InetSocketAddress address, Site site, AccessPolicy.Rules serve, Duration writeTimeout)
            throws IOException {
        return bind(settings(address, HEAD_TIMEOUT, writeTimeout), site, serve);
    }

    /**
     * Serves the metrics on {@code listening}, bound already: by clock serve as its options say
     * (with {@code --reuse-port}, shared), or handed over by systemd under the name {@code metrics}.
     */
    public static TcpListener on(ServerSocketChannel listening, Site site, AccessPolicy.Rules serve, Duration writeTimeout)
            throws IOException {
        HttpSettings settings = settings((InetSocketAddress) listening.getLocalAddress(), HEAD_TIMEOUT, writeTimeout);
        return HttpListener.on(listening, settings, site, new ClientPlaces(PLACES), new AccessPolicy(rules(serve)));
    }

    /** As {@link #bind(InetSocketAddress, Site, AccessPolicy.Rules, Duration)}, with the settings given (the tests' short timeouts). */
    static TcpListener bind(HttpSettings settings, Site site, AccessPolicy.Rules serve) throws IOException {
        return HttpListener.bind(settings, site, new ClientPlaces(PLACES), new AccessPolicy(rules(serve)));
    }

    static HttpSettings settings(InetSocketAddress address, Duration headTimeout, Duration writeTimeout) {
        return new HttpSettings(address, headTimeout, writeTimeout, MAX_REQUESTS, 1, MAX_WAITING);
    }

    /** The serve's rules, with this port's share per source (or the serve's, if smaller). */
    static AccessPolicy.Rules rules(AccessPolicy.Rules serve) {
        return new AccessPolicy.Rules(serve.allow(), serve.deny(), Math.min(PER_SOURCE, serve.maxPerSource()),
                serve.connectsPerSecond(), serve.connectBurst(), serve.datagramsPerSecond(), serve.datagramBurst());
    }
}
