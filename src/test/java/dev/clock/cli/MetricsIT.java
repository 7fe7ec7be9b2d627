package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clock.testing.Await;
import dev.clock.testing.ClockProcess;
import dev.clock.testing.LineClient;
import dev.clock.testing.PrometheusText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --metrics}: scraped during a real run, the values must match what happened. */
@Timeout(90)
class MetricsIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void metricsCountWhatHappened() throws Exception {
        String longLines = "HH:mm:ss.SSS '" + "x".repeat(16_000) + "'";
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "-i", "50ms", "-f", longLines,
                "--write-timeout", "1s", "--max-clients", "4", "--metrics", "0", "--time", "0")) {
            int port = server.awaitListeningPort();
            int metricsPort = server.awaitServicePort("metrics");
            LineClient a = new LineClient(port);
            LineClient b = new LineClient(port);
            LineClient leaving = new LineClient(port);
            Socket stuck = new Socket();
            stuck.setReceiveBufferSize(4096);
            stuck.connect(new InetSocketAddress("127.0.0.1", port));
            for (LineClient c : new LineClient[] {a, b, leaving}) {
                c.readLine();
            }
            for (LineClient reader : new LineClient[] {a, b}) { // two readers that keep reading
                Thread.startVirtualThread(() -> {
                    try {
                        while (reader.readLine() != null) {
                            // every tick, read as it comes
                        }
                    } catch (IOException e) {
                        // closed at the end of the test
                    }
                });
            }
            try (LineClient refused = new LineClient(port)) {
                assertThat(refused.readLine()).isEqualTo("clock: server full, try again later");
            }
            leaving.close();
            int timePort = server.awaitServicePort("time");
            for (int i = 0; i < 2; i++) {
                try (Socket time = new Socket("127.0.0.1", timePort)) {
                    assertThat(time.getInputStream().readNBytes(8)).as("Time over TCP").hasSize(4);
                }
            }
            try (java.net.DatagramSocket udp = new java.net.DatagramSocket()) {
                udp.setSoTimeout(5_000);
                udp.send(new java.net.DatagramPacket(new byte[1], 1, java.net.InetAddress.getByName("127.0.0.1"), timePort));
                java.net.DatagramPacket reply = new java.net.DatagramPacket(new byte[8], 8);
                udp.receive(reply);
                assertThat(reply.getLength()).as("Time over UDP").isEqualTo(4);
            }
            Await.until(() -> server.stderrSoFar().stream().anyMatch(l -> l.contains("dropped 127.0.0.1:" + stuck.getLocalPort())),
                    Duration.ofSeconds(30));
            Await.until(() -> gauge(scrape(metricsPort), "clock_clients_connected{protocol=\"stream\"}") == 2, Duration.ofSeconds(5));

            var m = scrape(metricsPort);
            assertThat(m.value("clock_clients_connected{protocol=\"stream\"}")).isEqualTo(2);
            assertThat(m.value("clock_connections_accepted_total{protocol=\"stream\"}")).isEqualTo(5);
            assertThat(m.value("clock_connections_refused_total{protocol=\"stream\",reason=\"full\"}")).isEqualTo(1);
            assertThat(m.value("clock_clients_dropped_total{protocol=\"stream\"}")).isEqualTo(1);
            assertThat(m.value("clock_write_errors_total{protocol=\"stream\"}"))
                    .as("the client that left was seen leaving by the input thread, not by a failed write").isZero();
            double ticks = m.value("clock_ticks_total{protocol=\"stream\"}");
            double lines = m.value("clock_lines_written_total{protocol=\"stream\"}");
            assertThat(ticks).isGreaterThan(10);
            assertThat(lines).as("two readers got every tick").isGreaterThanOrEqualTo(2 * (ticks - 2)).isLessThanOrEqualTo(4 * (ticks + 1));
            assertThat(m.value("clock_tick_fanout_seconds_count{protocol=\"stream\"}")).isBetween(ticks - 1, ticks + 1);
            assertThat(m.value("clock_tick_fanout_seconds_bucket{protocol=\"stream\",le=\"+Inf\"}")).isEqualTo(m.value("clock_tick_fanout_seconds_count{protocol=\"stream\"}"));
            assertThat(m.value("clock_accept_failures_total{protocol=\"stream\"}")).isZero();
            assertThat(m.samples()).as("one-shot: nobody stays, so no gauge that could never move")
                    .doesNotContainKey("clock_clients_connected{protocol=\"time\"}");
            assertThat(m.value("clock_connections_accepted_total{protocol=\"time\"}")).as("two over TCP, one over UDP").isEqualTo(3);
            assertThat(m.value("clock_lines_written_total{protocol=\"time\"}")).isEqualTo(3);
            assertThat(m.value("clock_connections_refused_total{protocol=\"time\",reason=\"rate_limited\"}")).isZero();
            assertThat(m.samples()).containsKey("jvm_memory_used_bytes{area=\"heap\"}");
            assertThat(m.samples().keySet()).anyMatch(k -> k.startsWith("jvm_threads_current"));
            for (String name : new String[] {"clock_clients_connected", "clock_connections_accepted_total",
                    "clock_connections_refused_total", "clock_clients_dropped_total", "clock_write_errors_total",
                    "clock_lines_written_total", "clock_accept_failures_total", "clock_ticks_total", "clock_tick_fanout_seconds"}) {
                assertThat(m.help(name)).as("help of " + name).isNotBlank();
            }
            a.close();
            b.close();
            stuck.close();
        }
    }

    @Test
    void healthIs200WhileServing503WhileStoppingAndGoneAfter() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "--metrics", "0", "--drain", "1500ms")) {
            server.awaitListeningPort();
            int metricsPort = server.awaitServicePort("metrics");
            URI health = URI.create("http://127.0.0.1:" + metricsPort + "/healthz");

            HttpResponse<String> before = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(before.statusCode()).isEqualTo(200);
            assertThat(before.body()).isEqualTo("ok: serving\n");

            server.terminate();
            Await.until(() -> status(health) == 503, Duration.ofSeconds(1));

            assertThat(server.awaitExit(Duration.ofSeconds(5)).exitCode()).isZero();
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void onTheIpv4WildcardTheMetricsAreNotOnIpv6AndTheAllowListCoversThem() throws Exception {
        // Issue 25, item 4: "metrics on http://[::]:P", [::1] answered, and 127.0.0.5 scraped past --allow 127.0.0.1.
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "--metrics", "0", "--metrics-bind", "0.0.0.0",
                "--allow", "127.0.0.1")) {
            int metricsPort = server.awaitServicePort("metrics");
            assertThat(server.stderrSoFar()).anyMatch(l -> l.contains("metrics on http://0.0.0.0:" + metricsPort + "/metrics"));
            assertThat(status(URI.create("http://127.0.0.1:" + metricsPort + "/healthz"))).isEqualTo(200);
            try (Socket v6 = new Socket()) {
                assertThatThrownBy(() -> v6.connect(new InetSocketAddress("::1", metricsPort), 2_000))
                        .as("[::1] on a port bound to 0.0.0.0").isInstanceOf(ConnectException.class);
            }
            try (Socket other = new Socket()) {
                other.bind(new InetSocketAddress("127.0.0.5", 0));
                other.connect(new InetSocketAddress("127.0.0.1", metricsPort), 2_000);
                other.setSoTimeout(5_000);
                other.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer;
                try {
                    answer = new String(other.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                } catch (java.net.SocketException reset) {
                    answer = "";
                }
                assertThat(answer).as("from 127.0.0.5, outside --allow 127.0.0.1: closed without a word").isEmpty();
            }
            server.awaitLog(java.util.regex.Pattern.compile("metrics: refused 127\\.0\\.0\\.5: denied by --allow/--deny"), Duration.ofSeconds(5));
        }
    }

    private int status(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private PrometheusText scrape(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            return PrometheusText.parse(r.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double gauge(PrometheusText m, String series) {
        return m.samples().getOrDefault(series, Double.NaN);
    }
}
