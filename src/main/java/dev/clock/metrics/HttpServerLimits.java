package dev.clock.metrics;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What any client can make a JDK {@link HttpServer} in this process hold, and the one place such a
 * server is made ({@link #newServer}).
 *
 * <p>The JDK's server has no per-server settings for these bounds: {@code sun.net.httpserver.ServerConfig}
 * reads them from system properties once, when the first server of the process is created, and
 * they then hold for every server of the JVM. Setting them from code is sound here because clock is
 * an application that owns its JVM, and {@link #newServer} sets them immediately before that first
 * creation; a server made any other way first would fix the JDK's unbounded defaults for the life of
 * the process, so a later HTTP feature must be made here too. A property the operator set on the
 * command line ({@code java -Dsun.net.httpserver.maxReqTime=...}) is left as it is: it was read first
 * by design. The names, units and effects are those of JDK 25's {@code sun.net.httpserver.ServerConfig}
 * and {@code ServerImpl}; an older runtime ignores a property it does not know.
 *
 * @param maxConnections connections open at once (requests, responses and idle keep-alives alike);
 *     one more is accepted and closed at once, without a response ({@code jdk.httpserver.maxConnections})
 * @param requestTimeout from a request's first byte to the end of its headers and body; also how long
 *     a connection may stay open without sending a byte ({@code sun.net.httpserver.maxReqTime}, seconds)
 * @param responseTimeout from the end of a request to the end of its response, so a client that stops
 *     reading is closed ({@code sun.net.httpserver.maxRspTime}, seconds)
 * @param idleTimeout how long a keep-alive connection may wait between requests
 *     ({@code sun.net.httpserver.idleInterval}, seconds)
 * @param checkEvery how often the timeouts above are enforced, so each is late by at most this
 *     ({@code sun.net.httpserver.clockTick} and {@code sun.net.httpserver.timerMillis}, milliseconds)
 * @param maxIdleConnections keep-alive connections kept between requests; more are closed after their
 *     response ({@code sun.net.httpserver.maxIdleConnections})
 * @param maxHeaders header lines in a request ({@code sun.net.httpserver.maxReqHeaders})
 * @param maxHeaderBytes bytes of request line and headers, with 32 more counted per header
 *     ({@code sun.net.httpserver.maxReqHeaderSize})
 */
public record HttpServerLimits(int maxConnections, Duration requestTimeout, Duration responseTimeout, Duration idleTimeout,
        Duration checkEvery, int maxIdleConnections, int maxHeaders, int maxHeaderBytes) {

    /**
     * For an operators' port: a Prometheus server or two and a load balancer's probes need a few
     * connections, send their headers at once and read a small response at once.
     */
    public static final HttpServerLimits OPERATORS = new HttpServerLimits(32, Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(5), Duration.ofSeconds(1), 8, 32, 16 * 1024);

    public HttpServerLimits {
        positive("maxConnections", maxConnections);
        positive("maxIdleConnections", maxIdleConnections);
        positive("maxHeaders", maxHeaders);
        positive("maxHeaderBytes", maxHeaderBytes);
        wholeSeconds("requestTimeout", requestTimeout);
        wholeSeconds("responseTimeout", responseTimeout);
        wholeSeconds("idleTimeout", idleTimeout);
        if (checkEvery.toMillis() < 1) {
            throw new IllegalArgumentException("checkEvery must be at least 1ms, not " + checkEvery);
        }
    }

    /**
     * Sets the bounds the operator has not, then creates the server bound to {@code address}.
     *
     * @throws IOException if the address cannot be bound
     */
    public HttpServer newServer(InetSocketAddress address, int backlog) throws IOException {
        properties().forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
        return HttpServer.create(address, backlog);
    }

    /** The JDK's system properties for these bounds, in its names and units. */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("jdk.httpserver.maxConnections", Integer.toString(maxConnections));
        p.put("sun.net.httpserver.maxReqTime", Long.toString(requestTimeout.toSeconds()));
        p.put("sun.net.httpserver.maxRspTime", Long.toString(responseTimeout.toSeconds()));
        p.put("sun.net.httpserver.idleInterval", Long.toString(idleTimeout.toSeconds()));
        p.put("sun.net.httpserver.clockTick", Long.toString(checkEvery.toMillis()));
        p.put("sun.net.httpserver.timerMillis", Long.toString(checkEvery.toMillis()));
        p.put("sun.net.httpserver.maxIdleConnections", Integer.toString(maxIdleConnections));
        p.put("sun.net.httpserver.maxReqHeaders", Integer.toString(maxHeaders));
        p.put("sun.net.httpserver.maxReqHeaderSize", Integer.toString(maxHeaderBytes));
        return p;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
    }

    /** The JDK counts these timeouts in whole seconds, and takes 0 for "none". */
    private static void wholeSeconds(String name, Duration d) {
        if (d.toSeconds() < 1 || d.toNanosPart() != 0) {
            throw new IllegalArgumentException(name + " must be a whole number of seconds, at least 1s, not " + d);
        }
    }
}
