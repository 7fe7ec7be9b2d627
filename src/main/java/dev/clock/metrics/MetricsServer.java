package dev.clock.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.clock.net.Reasons;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The operators' HTTP listener, apart from the clock's: {@code /metrics} in the Prometheus text
 * format, written by the client library's scrape handler, and {@code /healthz}, 200 while serving
 * and 503 once the server is stopping, for a load balancer to take it out of rotation. Both answer
 * GET and HEAD; any other method gets 405, any other path 404.
 *
 * <p>What a client can make it hold is bounded by {@link HttpServerLimits#OPERATORS}, and every
 * exchange is ended on every path (see {@link #serve}).
 */
public final class MetricsServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MetricsServer.class.getName());
    private static final String ALLOWED = "GET, HEAD";

    private final HttpServer http;
    private final ExecutorService executor;
    private final PrometheusScrapeHandler scrapes;
    private final BooleanSupplier serving;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MetricsServer(HttpServer http, ExecutorService executor, PrometheusRegistry registry, BooleanSupplier serving) {
        this.http = http;
        this.executor = executor;
        this.scrapes = new PrometheusScrapeHandler(registry);
        this.serving = serving;
    }

    /**
     * @param serving whether the server is serving (true) or stopping (false)
     * @throws IOException if the address cannot be bound
     */
    public static MetricsServer start(InetSocketAddress address, PrometheusRegistry registry, BooleanSupplier serving)
            throws IOException {
        HttpServer http = HttpServerLimits.OPERATORS.newServer(address, 16);
        // One exchange per connection at a time, and connections are capped: a virtual thread each is bounded.
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        MetricsServer server = new MetricsServer(http, executor, registry, serving);
        // "/" takes every path, so that routing is by the exact path here: a context matches by prefix.
        http.createContext("/", server::serve);
        http.setExecutor(executor);
        http.start();
        return server;
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    /**
     * Ends the exchange on every path. The JDK closes a connection whose response was cut short only
     * when the exchange is closed before its body stream, or when the handler throws, which also
     * takes it out of the server's count of connections at once; so nothing here closes a body
     * stream, and a failure is rethrown after the exchange is closed.
     */
    private void serve(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!"/metrics".equals(path) && !"/healthz".equals(path)) {
            respond(exchange, 404, "not found: try /metrics or /healthz\n");
            return;
        }
        String method = exchange.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            exchange.getResponseHeaders().set("Allow", ALLOWED);
            respond(exchange, 405, "method " + method + " not allowed: use " + ALLOWED + "\n");
            return;
        }
        if ("/metrics".equals(path)) {
            scrape(exchange);
        } else if (serving.getAsBoolean()) {
            respond(exchange, 200, "ok: serving\n");
        } else {
            respond(exchange, 503, "stopping\n");
        }
    }

    private void scrape(HttpExchange exchange) throws IOException {
        ScrapeExchange scrape = new ScrapeExchange(exchange);
        scrapes.handleRequest(scrape);
        Optional<Exception> failure = scrape.failure();
        if (failure.isEmpty()) {
            return;
        }
        Exception e = failure.get();
        if (e instanceof RuntimeException) {
            // A fault of this process, not of the client: worth a line, but one, as every scrape may repeat it.
            LOG.log(System.Logger.Level.WARNING, "metrics: scrape failed: " + Reasons.of(e));
            LOG.log(System.Logger.Level.DEBUG, "metrics: scrape failed", e);
            if (!scrape.responseStarted()) {
                respond(exchange, 500, "scrape failed: " + Reasons.of(e) + "\n");
                return;
            }
        } else {
            // The client went away mid-response: not worth a log line each, as a client could send many.
            LOG.log(System.Logger.Level.DEBUG, () -> "metrics: scrape not delivered: " + Reasons.of(e));
        }
        throw e instanceof IOException io ? io : new IOException(e);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            // The JDK sends no body for HEAD, and takes -1 for that; the length is still GET's.
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        OutputStream out = exchange.getResponseBody();
        out.write(bytes);
        out.flush();
    }

    /** Stops listening and closes every connection; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            http.stop(0);
            executor.shutdownNow();
        }
    }
}
