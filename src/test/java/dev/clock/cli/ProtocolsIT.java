package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.ClockProcess;
import dev.clock.testing.ExternalTool;
import dev.clock.testing.LineClient;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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

    @Test
    void rdateReadsTheTimeProtocolOverTcpAndUdp() throws Exception {
        String rdate = ExternalTool.require("rdate", "rdate");
        try (ClockProcess server = ClockProcess.start(Map.of("TZ", "UTC"), ProcessBuilder.Redirect.PIPE,
                "serve", "--no-stream", "--time", "0")) {
            int port = server.awaitServicePort("time (RFC 868)");
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
            int port = server.awaitServicePort("daytime (RFC 867)");

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
             LineClient client = new LineClient(server.awaitServicePort("daytime (RFC 867)"))) {
            assertThat(client.readLine()).matches("[A-Z][a-z]+day, [A-Z][a-z]+ \\d{1,2}, \\d{4} \\d\\d:\\d\\d:\\d\\d-P[SD]T");
            assertThat(client.readLine()).as("then closed").isNull();
        }
    }

    @Test
    void aUdpFloodNeitherAmplifiesNorDelaysTheStreamClients() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "-i", "100ms", "-f", "HH:mm:ss.SSS", "--time", "0")) {
            int streamPort = server.awaitListeningPort();
            int timePort = server.awaitServicePort("time (RFC 868)");
            try (LineClient stream = new LineClient(streamPort);
                 DatagramChannel flood = DatagramChannel.open()) {
                stream.readLine();
                flood.connect(new InetSocketAddress("127.0.0.1", timePort));
                flood.configureBlocking(false);
                CompletableFuture<long[]> flooding = CompletableFuture.supplyAsync(() -> floodFor(flood, Duration.ofSeconds(3)),
                        r -> Thread.ofPlatform().start(r));

                List<String> lines = new ArrayList<>();
                for (int i = 0; i < 25; i++) { // 2.5 s of ticks during the flood
                    lines.add(stream.readLine());
                }
                long[] sentAndReplies = flooding.get(20, TimeUnit.SECONDS);

                HardeningIT.assertConsecutive(lines, Duration.ofMillis(100));
                assertThat(sentAndReplies[0]).as("datagrams sent").isGreaterThan(20_000);
                assertThat(sentAndReplies[1]).as("replies: capped, never more than the requests")
                        .isLessThanOrEqualTo(Math.min(sentAndReplies[0], 4 * 10_000L));
                assertThat(sentAndReplies[2]).as("bytes per reply").isEqualTo(4);
            }
        }
    }

    /** Sends one-byte datagrams as fast as possible for {@code duration}; returns sent, replies, largest reply. */
    private static long[] floodFor(DatagramChannel channel, Duration duration) {
        // One byte: Java sends no datagram at all for an empty buffer.
        ByteBuffer request = ByteBuffer.allocate(1);
        ByteBuffer reply = ByteBuffer.allocate(512);
        long sent = 0;
        long replies = 0;
        long largest = 0;
        long end = System.nanoTime() + duration.toNanos();
        try {
            while (System.nanoTime() < end) {
                sent += channel.write(request.clear());
                reply.clear();
                while (channel.read(reply) > 0) {
                    replies++;
                    largest = Math.max(largest, reply.position());
                    reply.clear();
                }
            }
            Thread.sleep(300);
            while (channel.read(reply.clear()) > 0) {
                replies++;
                largest = Math.max(largest, reply.position());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new long[] {sent, replies, largest};
    }

    /** The line names a second from the one asked in to the one answered in. */
    private static void assertShownBetween(String daytime, Instant asked, Instant answered) {
        assertThat(daytime).endsWith("\r\n");
        Instant shown = java.time.OffsetDateTime.parse(daytime.strip()).toInstant();
        assertThat(shown).isBetween(asked.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), answered);
    }
}
