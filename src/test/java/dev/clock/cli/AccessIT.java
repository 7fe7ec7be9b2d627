package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clock.testing.Await;
import dev.clock.testing.ClockProcess;
import dev.clock.testing.PrometheusText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who may connect, and how much: each limit against a real {@code clock serve}, clients on distinct loopback addresses. */
@Timeout(120)
class AccessIT {

    /** A stream client from {@code source}: the first line, or null when the server closed without one. */
    private static String firstLine(String source, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(source, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(5_000);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (java.net.SocketException e) {
            return null; // reset: closed at once, input unread
        }
    }

    /** A UDP request from {@code source}: the reply's length, or -1 when none came. */
    private static int ask(String source, int port, Duration wait) throws IOException {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(source, 0))) {
            udp.setSoTimeout(Math.toIntExact(wait.toMillis()));
            udp.send(new DatagramPacket(new byte[1], 1, InetAddress.getByName("127.0.0.1"), port));
            DatagramPacket reply = new DatagramPacket(new byte[64], 64);
            try {
                udp.receive(reply);
                return reply.getLength();
            } catch (SocketTimeoutException e) {
                return -1;
            }
        }
    }

    @Test
    void denyRefusesTheStreamAndUdpFromThatAddressOnlyCountedAndLoggedOnce() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "--time", "0", "--metrics", "0", "--deny", "127.0.0.2")) {
            int port = server.awaitListeningPort();
            int time = server.awaitServicePort("time");
            int metrics = server.awaitServicePort("metrics");
            for (int i = 0; i < 5; i++) {
                assertThat(firstLine("127.0.0.2", port)).as("denied: closed before any line").isNull();
            }
            assertThat(firstLine("127.0.0.1", port)).matches("\\d\\d:\\d\\d:\\d\\d");
            assertThat(ask("127.0.0.2", time, Duration.ofMillis(300))).as("denied over UDP: nothing").isEqualTo(-1);
            assertThat(ask("127.0.0.1", time, Duration.ofSeconds(2))).isEqualTo(4);

            PrometheusText m = PrometheusText.scrape(metrics);
            assertThat(m.value("clock_connections_refused_total{protocol=\"stream\",reason=\"denied\"}")).isEqualTo(5);
            assertThat(m.value("clock_connections_refused_total{protocol=\"time\",reason=\"denied\"}")).isEqualTo(1);
            assertThat(server.stderrSoFar().stream().filter(l -> l.contains("refused 127.0.0.2")))
                    .as("six refusals of one source, over TCP and UDP, logged once: once a minute per source")
                    .singleElement().asString().contains("stream: refused 127.0.0.2: denied by --allow/--deny");
        }
    }

    @Test
    void allowServesOnlyItsBlocks() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "--daytime", "0", "--allow", "127.0.0.3,127.0.1.0/24")) {
            int port = server.awaitListeningPort();
            int daytime = server.awaitServicePort("daytime");
            assertThat(firstLine("127.0.0.1", port)).isNull();
            assertThat(firstLine("127.0.0.3", port)).isNotNull();
            assertThat(firstLine("127.0.1.77", port)).isNotNull();
            assertThat(ask("127.0.0.1", daytime, Duration.ofMillis(300))).isEqualTo(-1);
            assertThat(ask("127.0.1.9", daytime, Duration.ofSeconds(2))).isPositive();
        }
    }

    @Test
    void onePlaceTooManyFromOneAddressIsToldSoWhileAnotherAddressIsServed() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "--metrics", "0", "--max-per-source", "3")) {
            int port = server.awaitListeningPort();
            int metrics = server.awaitServicePort("metrics");
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket s = new Socket();
                    s.bind(new InetSocketAddress("127.0.0.2", 0));
                    s.connect(new InetSocketAddress("127.0.0.1", port));
                    s.setSoTimeout(5_000);
                    assertThat(new BufferedReader(new InputStreamReader(s.getInputStream())).readLine()).isNotNull();
                    held.add(s);
                }
                assertThat(firstLine("127.0.0.2", port)).isEqualTo("clock: too many connections from your address");
                assertThat(firstLine("127.0.0.3", port)).as("another address").matches("\\d\\d:\\d\\d:\\d\\d");
                held.removeFirst().close();
                Await.until(() -> {
                    try {
                        String line = firstLine("127.0.0.2", port);
                        return line != null && !line.startsWith("clock:");
                    } catch (IOException e) {
                        return false;
                    }
                }, Duration.ofSeconds(5));
                assertThat(PrometheusText.scrape(metrics).value("clock_connections_refused_total{protocol=\"stream\",reason=\"per_source\"}"))
                        .isGreaterThanOrEqualTo(1);
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aBurstOverTheConnectRateFromOneAddressIsCutAndAnotherAddressIsNot() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "--max-connect-rate", "2")) {
            int port = server.awaitListeningPort();
            int served = 0;
            for (int i = 0; i < 20; i++) {
                if (firstLine("127.0.0.2", port) != null) {
                    served++;
                }
            }
            // A burst of 4 (twice the rate), and 2 a second while the burst runs: well under 20.
            assertThat(served).as("served of a burst of 20 from one address").isBetween(4, 10);
            assertThat(firstLine("127.0.0.3", port)).as("another address").isNotNull();
        }
    }

    @Test
    void aUdpFlooderCannotStarveAnotherAddress() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "--no-stream", "--daytime", "0", "--metrics", "0")) {
            int daytime = server.awaitServicePort("daytime");
            int metrics = server.awaitServicePort("metrics");
            AtomicBoolean flooding = new AtomicBoolean(true);
            CompletableFuture<Long> flood = CompletableFuture.supplyAsync(() -> {
                long sent = 0;
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                    DatagramPacket p = new DatagramPacket(new byte[1], 1, InetAddress.getByName("127.0.0.1"), daytime);
                    // 5,000 a second, 250 times the flooder's share and half the global ceiling: paced,
                    // so that what is measured is the server's policy, not the kernel's queue
                    // overflowing under a sender on the same two cores.
                    while (flooding.get() && sent < 100_000) {
                        udp.send(p);
                        if (++sent % 50 == 0) {
                            Thread.sleep(10);
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return sent;
            });
            int answered = 0;
            for (int i = 0; i < 20; i++) { // every 100 ms for 2 s
                long asked = System.nanoTime();
                if (ask("127.0.0.2", daytime, Duration.ofSeconds(1)) > 0) {
                    answered++;
                }
                Thread.sleep(Math.max(0, 100 - (System.nanoTime() - asked) / 1_000_000));
            }
            flooding.set(false);
            long sent = flood.get();
            PrometheusText m = PrometheusText.scrape(metrics);
            System.out.printf("AccessIT: %d datagrams from the flooder; the other address got %d of 20 answers%n", sent, answered);
            assertThat(sent).isGreaterThan(1_000);
            assertThat(answered).as("127.0.0.2 asked every 100 ms").isEqualTo(20);
            assertThat(m.value("clock_connections_refused_total{protocol=\"daytime\",reason=\"rate_limited\"}"))
                    .as("the flooder was limited").isGreaterThan(sent / 2.0);
        }
    }

    @Test
    void aHundredThousandSourcesLeaveTheTablesBoundedAndMemoryFlat() throws Exception {
        // A small fixed heap: RSS then shows what the server keeps, not a young generation first touched.
        try (ClockProcess server = ClockProcess.start(java.util.Map.of("JAVA_TOOL_OPTIONS", "-Xms64m -Xmx64m"),
                ProcessBuilder.Redirect.PIPE, "serve", "--no-stream", "--time", "0", "--metrics", "0")) {
            int time = server.awaitServicePort("time");
            int metrics = server.awaitServicePort("metrics");
            InetAddress target = InetAddress.getByName("127.0.0.1");
            DatagramPacket p = new DatagramPacket(new byte[1], 1, target, time);
            long rssAfterWarmUp = 0;
            for (int i = 0; i < 100_000; i++) {
                byte[] a = {127, (byte) (1 + (i >> 16)), (byte) (i >> 8), (byte) i};
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByAddress(a), 0))) {
                    udp.send(p);
                }
                if (i == 70_000) { // the tables are full (65,536) by now: what follows can only be garbage
                    Await.until(() -> scrapeValue(metrics, "clock_connections_accepted_total{protocol=\"time\"}") > 55_000,
                            Duration.ofSeconds(10));
                    rssAfterWarmUp = rss(server.pid());
                }
            }
            Await.until(() -> scrapeValue(metrics, "clock_connections_accepted_total{protocol=\"time\"}") > 85_000, Duration.ofSeconds(20));
            long rssEnd = rss(server.pid());
            double remembered = scrapeValue(metrics, "clock_access_sources_remembered");
            System.out.printf("AccessIT: 100,000 sources: %,.0f remembered; RSS %,d KB after 70,000, %,d KB after 100,000%n",
                    remembered, rssAfterWarmUp / 1024, rssEnd / 1024);
            assertThat(remembered).isLessThanOrEqualTo(65_536);
            assertThat(rssEnd - rssAfterWarmUp).as("RSS growth from 70,000 to 100,000 sources, the tables full").isLessThan(8L << 20);
        }
    }

    @Test
    void theMetricsStayOnLoopbackEvenWhenTheClockListensEverywhere() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "--bind", "0.0.0.0", "--metrics", "0")) {
            int port = server.awaitListeningPort();
            int metrics = server.awaitServicePort("metrics");
            assertThat(server.stderrSoFar()).anyMatch(l -> l.contains("metrics on http://127.0.0.1:" + metrics + "/metrics"));
            assertThat(firstLine("127.0.0.2", port)).as("the clock, on every address").isNotNull();
            try (Socket s = new Socket()) {
                assertThatThrownBy(() -> s.connect(new InetSocketAddress("127.0.0.2", metrics), 2_000))
                        .as("the metrics, on loopback's 127.0.0.1 only").isInstanceOf(ConnectException.class);
            }
            assertThatThrownBy(() -> new Socket("::1", port).close()).as("0.0.0.0 is IPv4 only").isInstanceOf(ConnectException.class);
        }
    }

    private static double scrapeValue(int port, String series) {
        try {
            return PrometheusText.scrape(port).value(series);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static long rss(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElseThrow();
    }
}
