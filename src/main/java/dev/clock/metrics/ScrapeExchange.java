package dev.clock.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/**
 * One scrape as the Prometheus client library's handler sees it, in place of its own adapter, which
 * logs a stack trace for every client that goes away and closes the response body itself: the JDK
 * then never closes a connection whose body was cut short, and its descriptor stays open for good.
 * Here the body's {@code close()} only flushes, failures are kept for {@link MetricsServer} to act
 * on, and {@link #close()} leaves the exchange to it.
 */
final class ScrapeExchange implements PrometheusHttpExchange {
    private final HttpExchange exchange;
    private boolean responseStarted;
    private Exception failure;

    ScrapeExchange(HttpExchange exchange) {
        this.exchange = exchange;
    }

    /** Whether the status line has been sent, so that no other response can be. */
    boolean responseStarted() {
        return responseStarted;
    }

    /** The first failure of the scrape or of writing it, if any. */
    Optional<Exception> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public PrometheusHttpRequest getRequest() {
        return new PrometheusHttpRequest() {
            @Override
            public String getQueryString() {
                return exchange.getRequestURI().getRawQuery();
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                List<String> values = exchange.getRequestHeaders().get(name);
                return values == null ? Collections.emptyEnumeration() : Collections.enumeration(values);
            }

            @Override
            public String getMethod() {
                return exchange.getRequestMethod();
            }

            @Override
            public String getRequestPath() {
                return exchange.getRequestURI().getPath();
            }
        };
    }

    @Override
    public PrometheusHttpResponse getResponse() {
        return new PrometheusHttpResponse() {
            @Override
            public void setHeader(String name, String value) {
                exchange.getResponseHeaders().set(name, value);
            }

            @Override
            public OutputStream sendHeadersAndGetBody(int status, int contentLength) throws IOException {
                if (responseStarted) {
                    throw new IOException("a response was already sent");
                }
                responseStarted = true;
                exchange.sendResponseHeaders(status, contentLength);
                return new FilterOutputStream(exchange.getResponseBody()) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                };
            }
        };
    }

    @Override
    public void handleException(IOException e) {
        keep(e);
    }

    @Override
    public void handleException(RuntimeException e) {
        keep(e);
    }

    private void keep(Exception e) {
        if (failure == null) {
            failure = e;
        }
    }

    @Override
    public void close() {
        // MetricsServer ends the exchange, on every path, once it knows how the scrape went.
    }
}
