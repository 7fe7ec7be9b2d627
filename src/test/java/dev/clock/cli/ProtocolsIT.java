package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.Await;
import dev.clock.testing.ClockProcess;
import dev.clock.testing.ExternalTool;
import dev.clock.testing.LineClient;
import dev.clock.testing.PrometheusText;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Daytime (RFC 867) and Time (RFC 868) from {@code clock serve}, read by real clients that are not ours. */
@Timeout(60)
class ProtocolsIT {
    /** ctime's layout, with the zone rdate prints before the year: {@code Tue Nov 24 01:15:06 UTC 2026}. */
    private static final Pattern CTIME = Pattern.compile("(\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d) (?:UTC )?(\\d{4})");
    private static final DateTimeFormatter CTIME_FORMAT = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
    /** What the README promises: at most 10,000 UDP replies a second per service, 1,000 at once. */
    private static final int DOCUMENTED_REPLIES_PER_SECOND = 10_000;
    private static final int DOCUMENTED_BURST = 1_000;
    /** How long no reply must come before a flood's replies are taken to be all in. */
    private static final Duration REPLIES_DONE = Duration.ofMillis(500);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void rdateReadsTheTimeProtocolOverTcpAndUdp() throws Exception {
        String rdate = ExternalTool.require("rdate", "rdate");
        try (ClockProcess server = ClockProcess.start(Map.of("TZ", "UTC"), ProcessBuilder.Redirect.PIPE,
                "serve", "--no-stream", "--time", "0")) {
            int port = server.awaitServicePort("time");
            for (String[] flags : List.of(new String[] {"-p"}, new String[] {"-p", "-u"})) {
                List<String> command = new ArrayList<>(List.of(rdate));
                command.addAll(List.of(flags));
                command.addAll(List.of("-o", Integer.toString(port), "127.0.0.1"));
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();

                Matcher m = CTIME.matcher(out);
                assertThat(m.find()).as("a date in: " + out).isTrue();
                Instant shown = LocalDateTime.parse(m.group(1) + " " + m.group(2), CTIME_FORMAT).toInstant(ZoneOffset.UTC);
                assertThat(Duration.between(shown, Instant.now()).abs()).as(String.join(" ", command) + " printed " + out)
                        .isLessThanOrEqualTo(Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void netcatReadsDaytimeOverTcpAndUdp() throws Exception {
        String nc = ExternalTool.require("nc", "netcat-openbsd");
        try (ClockProcess server = ClockProcess.start(Map.of("TZ", "UTC"), ProcessBuilder.Redirect.PIPE,
                "serve", "--no-stream", "--daytime", "0", "--daytime-format", "rfc3339")) {
            int port = server.awaitServicePort("daytime");

            Instant asked = Instant.now();
            Process tcp = new ProcessBuilder(nc, "127.0.0.1", Integer.toString(port))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String tcpOut = new String(tcp.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(tcp.waitFor(10, TimeUnit.SECONDS)).as("the server closes after its one line").isTrue();
            assertShownBetween(tcpOut, asked, Instant.now());

            // -w 2: openbsd nc waits that long for the reply datagram, then exits.
            asked = Instant.now();
            Process udp = new ProcessBuilder("bash", "-c", "echo | " + nc + " -u -w 2 127.0.0.1 " + port).start();
            String udpOut = new String(udp.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(udp.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertShownBetween(udpOut, asked, Instant.now());
        }
    }

    @Test
    void theRfc867LineIsTheDefault() throws Exception {
        try (ClockProcess server = ClockProcess.start(Map.of("TZ", "America/Los_Angeles"), ProcessBuilder.Redirect.PIPE,
                "serve", "--no-stream", "--daytime", "0");
             LineClient client = new LineClient(server.awaitServicePort("daytime"))) {
            assertThat(client.readLine()).matches("[A-Z][a-z]+day, [A-Z][a-z]+ \\d{1,2}, \\d{4} \\d\\d:\\d\\d:\\d\\d-P[SD]T");
            assertThat(client.readLine()).as("then closed").isNull();
        }
    }

    @Test
    void aUdpFloodNeitherAmplifiesNorDelaysTheStreamClients() throws Exception {
        // One source, its own limit lifted: this measures the ceiling over every source together.
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "-i", "100ms", "-f", "HH:mm:ss.SSS", "--time", "0",
                "--metrics", "0", "--max-udp-rate", "1000000")) {
            int streamPort = server.awaitListeningPort();
            int timePort = server.awaitServicePort("time");
            int metricsPort = server.awaitServicePort("metrics");
            try (LineClient stream = new LineClient(streamPort);
                 DatagramChannel flood = DatagramChannel.open()) {
                stream.readLine();
                flood.connect(new InetSocketAddress("127.0.0.1", timePort));
                CompletableFuture<Flood> flooding = CompletableFuture.supplyAsync(() -> floodFor(flood, Duration.ofSeconds(3)),
                        r -> Thread.ofPlatform().start(r));

                List<String> lines = new ArrayList<>();
                for (int i = 0; i < 25; i++) { // 2.5 s of ticks during the flood
                    lines.add(stream.readLine());
                }
                Flood result = flooding.get(20, TimeUnit.SECONDS);

                assertCapped(result);
                assertThat(result.largestReply()).as("bytes per reply").isEqualTo(4);
                assertRefusedAndAccounted(metricsPort, "time");
                HardeningIT.assertConsecutive(lines, Duration.ofMillis(100));
            }
        }
    }

    @Test
    void aDaytimeFloodIsRefusedAsRateLimitedInTheMetrics() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "--no-stream", "--daytime", "0", "--metrics", "0",
                "--max-udp-rate", "1000000");
             DatagramChannel flood = DatagramChannel.open()) {
            int daytimePort = server.awaitServicePort("daytime");
            int metricsPort = server.awaitServicePort("metrics");
            flood.connect(new InetSocketAddress("127.0.0.1", daytimePort));
            Flood result = floodFor(flood, Duration.ofSeconds(3));
            assertCapped(result);
            assertRefusedAndAccounted(metricsPort, "daytime");
        }
    }

    @Test
    void aDatagramForgedFromAServicePortGetsNoReplySoNoLoopCanStart() throws Exception {
        String rdate = ExternalTool.require("rdate", "rdate");
        String nc = ExternalTool.require("nc", "netcat-openbsd");
        try (ClockProcess server = ClockProcess.start(Map.of("TZ", "UTC"), ProcessBuilder.Redirect.PIPE,
                "serve", "--no-stream", "--daytime", "0", "--time", "0", "--metrics", "0")) {
            int daytimePort = server.awaitServicePort("daytime");
            int timePort = server.awaitServicePort("time");
            int metricsPort = server.awaitServicePort("metrics");
            InetSocketAddress daytime = new InetSocketAddress("127.0.0.1", daytimePort);
            InetSocketAddress time = new InetSocketAddress("127.0.0.1", timePort);
            // Forged sources: the server holds its ports on 127.0.0.1, so the test can have the same
            // numbers on 127.0.0.2; a port below 1024 needs root, as it does for an attacker's raw socket.
            try (DatagramSocket fromTime = new DatagramSocket(new InetSocketAddress("127.0.0.2", timePort));
                 DatagramSocket fromDaytime = new DatagramSocket(new InetSocketAddress("127.0.0.2", daytimePort));
                 DatagramSocket fromDaytimeService = new DatagramSocket(new InetSocketAddress("127.0.0.2", 13))) {
                fromTime.send(new DatagramPacket(new byte[] {'\n'}, 1, daytime));
                fromDaytimeService.send(new DatagramPacket(new byte[] {'\n'}, 1, daytime));
                fromDaytime.send(new DatagramPacket(new byte[] {'\n'}, 1, time));

                // Real clients, after the forged datagrams: each service answers in order, so once
                // they have their replies, a reply to a forged source would be waiting.
                Process udp = new ProcessBuilder("bash", "-c", "echo | " + nc + " -u -w 2 127.0.0.1 " + daytimePort).start();
                String line = new String(udp.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(udp.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(line).as("nc -u's reply").matches("[A-Z][a-z]+day, .* \\d\\d:\\d\\d:\\d\\d-UTC\r\n");
                Process p = new ProcessBuilder(rdate, "-p", "-u", "-o", Integer.toString(timePort), "127.0.0.1")
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as("rdate -u: " + out).isZero();

                for (DatagramSocket forged : List.of(fromTime, fromDaytimeService, fromDaytime)) {
                    assertThat(receiveNow(forged)).as("a reply to forged port " + forged.getLocalPort()).isNull();
                }
            }
            PrometheusText m = scrape(metricsPort);
            assertThat(m.value("clock_connections_accepted_total{protocol=\"daytime\"}")).as("taken, then dropped or answered").isEqualTo(3);
            assertThat(m.value("clock_lines_written_total{protocol=\"daytime\"}")).as("nc's reply only").isEqualTo(1);
            assertThat(m.value("clock_lines_written_total{protocol=\"time\"}")).as("rdate's only")
                    .isEqualTo(m.value("clock_connections_accepted_total{protocol=\"time\"}") - 1);
        }
    }

    /**
     * No more replies than the documented cap allows in the flood's window, and no more than
     * requests. (That the flood passed the cap is the server's to say: its rate-limited count.)
     */
    private static void assertCapped(Flood flood) {
        long cap = (long) (DOCUMENTED_REPLIES_PER_SECOND * (flood.window().toNanos() / 1e9)) + DOCUMENTED_BURST;
        report("%,d datagrams sent, %,d replies in %s (cap %,d)", flood.sent(), flood.replies(), flood.window(), cap);
        assertThat(flood.replies()).as("replies: %,d a second and a burst of %,d, never more than the requests",
                        DOCUMENTED_REPLIES_PER_SECOND, DOCUMENTED_BURST)
                .isLessThanOrEqualTo(Math.min(flood.sent(), cap));
    }

    /** Refusals were counted as rate-limited, and every datagram taken is accounted for: answered, refused or failed. */
    private void assertRefusedAndAccounted(int metricsPort, String protocol) throws InterruptedException {
        assertThat(scrape(metricsPort).value("clock_connections_refused_total{protocol=\"" + protocol + "\",reason=\"rate_limited\"}"))
                .isPositive();
        String accepted = "clock_connections_accepted_total{protocol=\"" + protocol + "\"}";
        String lines = "clock_lines_written_total{protocol=\"" + protocol + "\"}";
        String writeErrors = "clock_write_errors_total{protocol=\"" + protocol + "\"}";
        String refused = "clock_connections_refused_total{protocol=\"" + protocol + "\",";
        // The server may still be reading what the kernel queued: await the balance.
        Await.until(() -> {
            Map<String, Double> m = scrape(metricsPort).samples();
            double turnedAway = m.entrySet().stream().filter(e -> e.getKey().startsWith(refused)).mapToDouble(Map.Entry::getValue).sum();
            return m.get(accepted) == m.get(lines) + turnedAway + m.get(writeErrors);
        }, Duration.ofSeconds(5));
    }

    private PrometheusText scrape(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return PrometheusText.parse(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A datagram already waiting, or null. */
    private static byte[] receiveNow(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[512], 512);
        socket.setSoTimeout(1);
        try {
            socket.receive(packet);
            return Arrays.copyOf(packet.getData(), packet.getLength());
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** What a flood did: datagrams sent, replies read, the largest reply, from the first send to the last reply. */
    private record Flood(long sent, long replies, long largestReply, Duration window) {
    }

    /** Sends one-byte datagrams as fast as possible for {@code duration}, reading the replies as they come. */
    private static Flood floodFor(DatagramChannel channel, Duration duration) {
        // One byte: Java sends no datagram at all for an empty buffer.
        ByteBuffer request = ByteBuffer.allocate(1);
        ByteBuffer reply = ByteBuffer.allocate(512);
        long sent = 0;
        long replies = 0;
        long largest = 0;
        long first = System.nanoTime();
        long lastReply = first;
        long end = first + duration.toNanos();
        try (Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            while (System.nanoTime() < end) {
                sent += channel.write(request.clear());
                while (channel.read(reply.clear()) > 0) {
                    replies++;
                    largest = Math.max(largest, reply.position());
                    lastReply = System.nanoTime();
                }
            }
            // Replies still on their way: read until none has come for a while.
            while (selector.select(REPLIES_DONE.toMillis()) > 0) {
                selector.selectedKeys().clear();
                while (channel.read(reply.clear()) > 0) {
                    replies++;
                    largest = Math.max(largest, reply.position());
                    lastReply = System.nanoTime();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Flood(sent, replies, largest, Duration.ofNanos(lastReply - first));
    }

    private static void report(String format, Object... args) {
        System.out.printf("ProtocolsIT: " + format + "%n", args);
    }

    /** The line names a second from the one asked in to the one answered in. */
    private static void assertShownBetween(String daytime, Instant asked, Instant answered) {
        assertThat(daytime).endsWith("\r\n");
        Instant shown = java.time.OffsetDateTime.parse(daytime.strip()).toInstant();
        assertThat(shown).isBetween(asked.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), answered);
    }
}
