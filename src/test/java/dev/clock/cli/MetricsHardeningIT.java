package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.metrics.HttpServerLimits;
import dev.clock.testing.Await;
import dev.clock.testing.ClockProcess;
import dev.clock.testing.ExternalTool;
import dev.clock.testing.LineClient;
import dev.clock.testing.ProcStats;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The metrics port under attack (issue 10, defect 1), against a real {@code clock serve} under a
 * small open-file limit: aborted scrapes and slow headers must not take the process's descriptors,
 * the stream keeps accepting, and {@code /healthz} answers curl.
 */
@Timeout(90)
class MetricsHardeningIT {
    private static final HttpServerLimits LIMITS = HttpServerLimits.OPERATORS;

    @Test
    void abortedScrapesLeaveTheDescriptorCountFlatAndLogNothing() throws Exception {
        String curl = ExternalTool.require("curl", "curl");
        try (ClockProcess server = ClockProcess.startWithFileLimit(200, "serve", "-p", "0", "--metrics", "0")) {
            int port = server.awaitListeningPort();
            int metricsPort = server.awaitServicePort("metrics");
            assertThat(health(curl, metricsPort)).isEqualTo("200");
            long before = ProcStats.openDescriptors(server.pid());
            int logLines = server.stderrSoFar().size();

            for (int i = 0; i < 200; i++) {
                try (Socket s = new Socket()) {
                    try {
                        s.connect(new InetSocketAddress("127.0.0.1", metricsPort), 2_000);
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("aborted scrape " + (i + 1) + " of 200 not taken: the server holds "
                                + descriptors(server) + " descriptors, " + before + " before", e);
                    }
                    s.getOutputStream().write("GET /metrics HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }

            // Within the 10 s response timeout, so that it is each exchange's own close that frees them.
            Await.until(() -> descriptors(server) <= before + 5, Duration.ofSeconds(5));
            try (LineClient client = new LineClient(port)) {
                assertThat(client.readLine()).as("the stream still accepts").isNotNull();
            }
            assertThat(health(curl, metricsPort)).isEqualTo("200");
            assertThat(server.stderrSoFar().subList(logLines, server.stderrSoFar().size())).as("log lines for 200 aborted scrapes").isEmpty();
        }
    }

    @Test
    void slowHeadersHoldNoMoreThanTheCapAndOnlyForTheRequestTimeout() throws Exception {
        String curl = ExternalTool.require("curl", "curl");
        try (ClockProcess server = ClockProcess.startWithFileLimit(200, "serve", "-p", "0", "--metrics", "0")) {
            int port = server.awaitListeningPort();
            int metricsPort = server.awaitServicePort("metrics");
            assertThat(health(curl, metricsPort)).isEqualTo("200");
            long before = ProcStats.openDescriptors(server.pid());

            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 150; i++) {
                    Socket s = new Socket("127.0.0.1", metricsPort);
                    slow.add(s);
                    s.setSoTimeout(Math.toIntExact(LIMITS.requestTimeout().plusSeconds(10).toMillis()));
                    OutputStream out = s.getOutputStream();
                    out.write("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                }
                long start = System.nanoTime();
                assertThat(descriptors(server)).as("descriptors held for 150 slow clients")
                        .isLessThanOrEqualTo(before + LIMITS.maxConnections() + 5);
                try (LineClient client = new LineClient(port)) {
                    assertThat(client.readLine()).as("the stream accepts during the siege").isNotNull();
                }
                for (Socket s : slow) {
                    assertThat(closedByServer(s)).isTrue();
                }
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("all closed by the request timeout")
                        .isLessThan(LIMITS.requestTimeout().plus(LIMITS.checkEvery()).plusSeconds(4));
                assertThat(health(curl, metricsPort)).isEqualTo("200");
                Await.until(() -> descriptors(server) <= before + 5, Duration.ofSeconds(5));
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    @Test
    void anOperatorsPropertyOverridesTheBound() throws Exception {
        try (ClockProcess server = ClockProcess.start(Map.of("JAVA_TOOL_OPTIONS", "-Djdk.httpserver.maxConnections=2"),
                ProcessBuilder.Redirect.PIPE, "serve", "-p", "0", "--metrics", "0")) {
            int metricsPort = server.awaitServicePort("metrics");
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket s = new Socket("127.0.0.1", metricsPort);
                    held.add(s);
                    s.setSoTimeout(2_000);
                    s.getOutputStream().write("GET /healthz HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                }
                assertThat(closedByServer(held.get(2))).as("the third connection, past a cap of 2").isTrue();
                assertThat(closedByServer(held.get(0))).as("the first connection, within the cap").isFalse();
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    private static long descriptors(ClockProcess server) {
        try {
            return ProcStats.openDescriptors(server.pid());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The status curl gets for /healthz, as a load balancer's probe would ask. */
    private static String health(String curl, int port) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(curl, "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
                "http://127.0.0.1:" + port + "/healthz").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** True when the server closed (end of stream or reset), false at the socket's read timeout. */
    private static boolean closedByServer(Socket s) throws IOException {
        try {
            s.getInputStream().skip(Long.MAX_VALUE);
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }
}
