package dev.clock.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The operators' HTTP listener, apart from the clock's: {@code /metrics} in the Prometheus text
 * format, written by the client library's own handler, and {@code /healthz}, 200 while serving and
 * 503 once the server is stopping, for a load balancer to take it out of rotation.
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer http;

    private MetricsServer(HttpServer http) {
        this.http = http;
    }

    /**
     * @param serving whether the server is serving (true) or stopping (false)
     * @throws IOException if the address cannot be bound
     */
    public static MetricsServer start(InetSocketAddress address, PrometheusRegistry registry, BooleanSupplier serving)
            throws IOException {
        HttpServer http = HttpServer.create(address, 16);
        http.createContext("/metrics", new MetricsHandler(registry));
        http.createContext("/healthz", exchange -> health(exchange, serving.getAsBoolean()));
        http.createContext("/", exchange -> notFound(exchange));
        // A scrape or a probe at a time is what operators send: a virtual thread each is plenty.
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.start();
        return new MetricsServer(http);
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    private static void health(HttpExchange exchange, boolean serving) throws IOException {
        respond(exchange, serving ? 200 : 503, serving ? "ok: serving\n" : "stopping\n");
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        respond(exchange, 404, "not found: try /metrics or /healthz\n");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(status, "HEAD".equals(exchange.getRequestMethod()) ? -1 : bytes.length);
            if (!"HEAD".equals(exchange.getRequestMethod())) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
