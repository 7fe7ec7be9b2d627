package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.Await;
import dev.clock.testing.ClockProcess;
import dev.clock.testing.LineClient;
import dev.clock.testing.PrometheusText;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --http} under the limits every client is under: one --max-clients, the access policy, the ports, a stop. */
@Timeout(90)
class HttpLimitsIT {

    @Test
    void streamAndHttpShareOneMaxClients() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "--http", "0", "--metrics", "0", "--max-clients", "2")) {
            int streamPort = server.awaitServicePort("stream");
            int httpPort = server.awaitServicePort("http");
            int metricsPort = server.awaitServicePort("metrics");
            try (LineClient tcp = new LineClient(streamPort); Socket events = new Socket("127.0.0.1", httpPort)) {
                tcp.readLine();
                events.setSoTimeout(5_000);
                HttpIT.send(events, "GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(readUntil(events.getInputStream(), "data: ")).startsWith("HTTP/1.1 200 OK");
                try (Socket third = new Socket("127.0.0.1", httpPort)) {
                    third.setSoTimeout(5_000);
                    HttpIT.send(third, "GET /now HTTP/1.1\r\nHost: x\r\n\r\n");
                    String refused = new String(third.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                    assertThat(refused).startsWith("HTTP/1.1 503 Service Unavailable\r\n").contains("Retry-After: 1")
                            .endsWith("clock: server full, try again later\n");
                }
                try (LineClient fourth = new LineClient(streamPort)) {
                    assertThat(fourth.readLine()).isEqualTo("clock: server full, try again later");
                }
                var m = PrometheusText.scrape(metricsPort);
                assertThat(m.value("clock_clients_connected{protocol=\"http\"}")).isEqualTo(1);
                assertThat(m.value("clock_clients_connected{protocol=\"stream\"}")).isEqualTo(1);
                assertThat(m.value("clock_connections_refused_total{protocol=\"http\",reason=\"full\"}")).isEqualTo(1);
                assertThat(m.value("clock_connections_refused_total{protocol=\"stream\",reason=\"full\"}")).isEqualTo(1);
                Await.until(() -> ticks(metricsPort) > 0, Duration.ofSeconds(3)); // the event streams' own fan-out
            }
        }
    }

    @Test
    void httpGoesThroughTheAccessPolicy() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "--no-stream", "--http", "0", "--max-per-source", "1")) {
            int httpPort = server.awaitServicePort("http");
            try (Socket first = new Socket("127.0.0.1", httpPort); Socket second = new Socket("127.0.0.1", httpPort)) {
                second.setSoTimeout(5_000);
                String refused = new String(second.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(refused).startsWith("HTTP/1.1 503 ").endsWith("clock: too many connections from your address\n");
            }
        }
        try (ClockProcess server = ClockProcess.start("serve", "--no-stream", "--http", "0", "--deny", "127.0.0.1")) {
            int httpPort = server.awaitServicePort("http");
            try (Socket denied = new Socket("127.0.0.1", httpPort)) {
                denied.setSoTimeout(5_000);
                assertThat(denied.getInputStream().read()).as("closed without a word").isEqualTo(-1);
            }
        }
    }

    @Test
    void aPortGivenTwiceIsAUsageError() throws Exception {
        for (String other : new String[] {"--port", "--metrics", "--daytime"}) {
            var result = ClockProcess.run(Duration.ofSeconds(30), "serve", other, "18123", "--http", "18123");
            assertThat(result.exitCode()).as(other).isEqualTo(2);
            assertThat(result.stderrText()).containsAnyOf(other + " and --http both ask for port 18123",
                    "--http and " + other + " both ask for port 18123");
        }
    }

    @Test
    void aStopEndsEveryEventStreamWithItsEnd() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "--no-stream", "--http", "0", "--drain", "1s")) {
            int httpPort = server.awaitServicePort("http");
            try (Socket events = new Socket("127.0.0.1", httpPort)) {
                events.setSoTimeout(10_000);
                HttpIT.send(events, "GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
                readUntil(events.getInputStream(), "data: ");
                long stop = System.nanoTime();
                server.terminate();
                InputStream in = events.getInputStream();
                byte[] rest = in.readAllBytes(); // ends with the FIN; a reset would throw
                assertThat(new String(rest, StandardCharsets.UTF_8)).as("events during the drain").contains("data: ");
                assertThat((System.nanoTime() - stop) / 1e9).isBetween(0.9, 5.0);
                assertThat(server.awaitExit(Duration.ofSeconds(10)).exitCode()).isZero();
            }
        }
    }

    private static double ticks(int metricsPort) {
        try {
            return PrometheusText.scrape(metricsPort).value("clock_ticks_total{protocol=\"http\"}");
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (seen.indexOf(marker) < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before '" + marker + "': " + seen);
            }
            seen.append((char) b);
        }
        return seen.toString();
    }
}
