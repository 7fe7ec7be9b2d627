package dev.clock.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clock.tcp.TcpListener;
import dev.clock.access.AccessPolicy;
import dev.clock.testing.Await;
import dev.clock.testing.ProcStats;
import dev.clock.testing.TcpTable;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The metrics site's routes and formats, and its descriptors when scrapes fail, on our HTTP listener with real sockets. */
@Timeout(30)
class MetricsSiteTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean serving = new AtomicBoolean(true);
    private TcpListener server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        http.close();
    }

    @Test
    void abortedScrapesLeaveNoDescriptorOpen() throws Exception {
        server = start(paddedRegistry());
        HttpResponse<String> whole = get("/metrics");
        assertThat(whole.statusCode()).isEqualTo(200);
        // Past a socket's first send, the body is written after the client's close is known: a broken pipe.
        assertThat(whole.body().length()).isGreaterThan(16 * 1024);
        http.close();
        long before = openDescriptors();

        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
                s.getOutputStream().write("GET /metrics HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }

        // By the kernel's account, which other tests' sockets do not blur: no server end left open, well
        // within the head timeout, so that it is each exchange's own close that freed them.
        Await.until(() -> TcpTable.heldConnectionsOn(server.address().getPort()) == 0, Duration.ofSeconds(3));
        // And no other descriptor kept: counted for the whole JVM, whose other tests' sockets (closed
        // on threads of their own) may take longer to go than these did, so with time to spare.
        awaitDescriptorsBackTo(before, "after 200 aborted scrapes", Duration.ofSeconds(10));
        assertThat(rawStatusLine("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void aScrapeThatFailsIs500AndLeavesNoDescriptorOpen() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Collector broken = () -> {
            throw new IllegalStateException("collector broke");
        };
        registry.register(broken);
        server = start(registry);
        assertThat(rawStatusLine("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).isEqualTo("HTTP/1.1 500 Internal Server Error");
        long before = openDescriptors();

        for (int i = 0; i < 50; i++) {
            assertThat(rawStatusLine("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).isEqualTo("HTTP/1.1 500 Internal Server Error");
        }
        HttpResponse<String> failed = get("/metrics");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("internal error: /metrics failed; see the server's log\n");
        http.close();

        awaitDescriptorsBackTo(before, "after 51 failed scrapes", Duration.ofSeconds(3));
    }

    @Test
    void healthIs200WhileServingAnd503WhileStopping() throws Exception {
        server = start(paddedRegistry());
        HttpResponse<String> ok = get("/healthz");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("ok: serving\n");
        serving.set(false);
        HttpResponse<String> stopping = get("/healthz");
        assertThat(stopping.statusCode()).isEqualTo(503);
        assertThat(stopping.body()).isEqualTo("stopping\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/metricsfoo", "/healthz/x", "/metrics/", "/healthzz", "/", "/favicon.ico"})
    void otherPathsAre404(String path) throws Exception {
        server = start(paddedRegistry());
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("not found: " + path + "; metrics at /metrics, health at /healthz\n");
        assertThat(send(HttpRequest.newBuilder(uri(path)).POST(BodyPublishers.ofString("x")).build()).statusCode()).isEqualTo(404);
    }

    @Test
    void aQueryIsNotPartOfThePath() throws Exception {
        server = start(paddedRegistry());
        HttpResponse<String> r = get("/metrics?name[]=test_padding");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("test_padding{n=\"0\"}");
        assertThat(get("/healthz?verbose").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "TRACE"})
    void otherMethodsAre405WithAllow(String method) throws Exception {
        server = start(paddedRegistry());
        for (String path : new String[] {"/metrics", "/healthz"}) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).method(method, BodyPublishers.ofString("body")).build());
            assertThat(r.statusCode()).as(method + " " + path).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
            assertThat(r.body()).isEqualTo("method " + method + " not allowed: use GET, HEAD\n");
        }
    }

    @Test
    void headAnswersWithGetsHeadersAndNoBody() throws Exception {
        server = start(paddedRegistry());
        for (String path : new String[] {"/metrics", "/healthz"}) {
            HttpResponse<String> got = get(path);
            HttpResponse<String> head = send(HttpRequest.newBuilder(uri(path)).HEAD().build());
            assertThat(head.statusCode()).as(path).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.headers().firstValue("Content-Type")).isEqualTo(got.headers().firstValue("Content-Type"));
            assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(got.body().getBytes(StandardCharsets.UTF_8).length);
        }
        // The connection is still good after a HEAD: the client did not wait for a body that never comes.
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void closeStopsListeningAndEndsConnections() throws Exception {
        server = start(paddedRegistry());
        int port = server.address().getPort();
        try (Socket idle = new Socket("127.0.0.1", port)) {
            idle.setSoTimeout(5_000);
            // One whole exchange first: the server has surely taken this connection before it stops.
            idle.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answered = "";
            byte[] buffer = new byte[1024];
            while (!answered.endsWith("ok: serving\n")) {
                int n = idle.getInputStream().read(buffer);
                assertThat(n).as("the first answer, whole").isPositive();
                answered += new String(buffer, 0, n, StandardCharsets.US_ASCII);
            }
            idle.getOutputStream().write("GET /healthz HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            server.close();
            server.close();
            assertThat(closedByServer(idle)).isTrue();
        }
        try (Socket s = new Socket()) {
            assertThatThrownBy(() -> s.connect(new InetSocketAddress("127.0.0.1", port), 1_000))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void optionsIsAnsweredWithAllowAndNoBody() throws Exception {
        server = start(paddedRegistry());
        for (String target : new String[] {"*", "/metrics", "/healthz"}) {
            String response = raw("OPTIONS " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(response).as(target).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nAllow: GET, HEAD\r\n")
                    .contains("\r\nContent-Length: 0\r\n").endsWith("\r\n\r\n");
        }
        assertThat(raw("OPTIONS /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 404 ");
    }

    @Test
    void theFormatIsNegotiatedByAccept() throws Exception {
        server = start(paddedRegistry());
        HttpResponse<String> text = get("/metrics");
        assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        assertThat(text.body()).contains("# TYPE test_padding gauge\n").doesNotContain("# EOF");

        HttpResponse<String> open = send(HttpRequest.newBuilder(uri("/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").build());
        assertThat(open.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/openmetrics-text"));
        assertThat(open.body()).contains("test_padding{n=\"7\"} 7.0\n").endsWith("# EOF\n");

        HttpResponse<byte[]> protobuf = http.send(HttpRequest.newBuilder(uri("/metrics"))
                .header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited").build(),
                BodyHandlers.ofByteArray());
        assertThat(protobuf.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/vnd.google.protobuf"));
        assertThat(new String(protobuf.body(), StandardCharsets.ISO_8859_1)).contains("test_padding").doesNotContain("# TYPE");
    }

    /** Waits up to {@code timeout} for the descriptors open to come back to {@code before}, give or take a few of the JVM's own. */
    private static void awaitDescriptorsBackTo(long before, String when, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Give or take a dozen: other tests of this JVM may still be letting sockets of their own go.
        while (openDescriptors() > before + 12 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(openDescriptors()).as("descriptors open " + when + ", " + before + " before").isLessThanOrEqualTo(before + 12);
    }

    /** The metrics port's listener for {@code registry} on a free loopback port, started, with timeouts of this test. */
    private TcpListener start(PrometheusRegistry registry) throws IOException {
        TcpListener listener = MetricsPort.bind(MetricsPort.settings(loopback(), Duration.ofSeconds(5), Duration.ofSeconds(2)),
                MetricsSite.site(registry, serving::get), AccessPolicy.Rules.open());
        listener.start();
        return listener;
    }

    static InetSocketAddress loopback() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    /** A registry whose scrape is some 27 KiB, as a real one with the JVM's metrics is. */
    static PrometheusRegistry paddedRegistry() {
        PrometheusRegistry registry = new PrometheusRegistry();
        Gauge padding = Gauge.builder().name("test_padding").help("Makes the scrape long.").labelNames("n").register(registry);
        for (int i = 0; i < 1_000; i++) {
            padding.labelValues(Integer.toString(i)).set(i);
        }
        return registry;
    }

    /**
     * Reads what the server sends until it closes: true when it did (end of stream, or a reset as
     * the kernel sends when the server closes with a request unread), false at the read timeout.
     */
    static boolean closedByServer(Socket s) throws IOException {
        try {
            s.getInputStream().skip(Long.MAX_VALUE);
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    static long openDescriptors() {
        try {
            return ProcStats.openDescriptors(ProcessHandle.current().pid());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String rawStatusLine(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(0, Math.max(0, response.indexOf("\r\n")));
        }
    }

    /** The whole response to {@code request}, which must ask for the connection to close. */
    private String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, BodyHandlers.ofString());
    }
}
