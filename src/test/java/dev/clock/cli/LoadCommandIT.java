package dev.clock.cli;

import static dev.clock.testing.ReportJson.number;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.ClockProcess.Result;
import dev.clock.testing.ClockProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code clock load} against our server and against servers that misbehave on purpose. */
@Timeout(60)
class LoadCommandIT {

    @Test
    void aCleanRunAgainstClockServeReportsEveryConnectionAndTheServersCost() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "-i", "100ms", "-f", "HH:mm:ss.SSS")) {
            int port = server.awaitListeningPort();
            Result result = ClockProcess.run(Duration.ofSeconds(40), "load", "127.0.0.1:" + port, "-n", "200", "--rate", "1000",
                    "--settle", "500ms", "--hold", "2s", "-i", "100ms", "--sources", "3", "--pid", Long.toString(server.pid()), "--json");

            assertThat(result.exitCode()).as(result.stdout() + result.stderrText()).isZero();
            String json = result.stdout().strip();
            assertThat(json).startsWith("{").endsWith("}");
            assertThat(number(json, "connections", "requested")).isEqualTo(200);
            assertThat(number(json, "connections", "connected")).isEqualTo(200);
            assertThat(number(json, "connections", "failed")).isZero();
            assertThat(number(json, "connections", "closedEarly")).isZero();
            assertThat(number(json, "sequence", "skipped") + number(json, "sequence", "repeated")
                    + number(json, "sequence", "malformed") + number(json, "sequence", "backwards")).isZero();
            assertThat(number(json, "sequence", "linesPerConnectionPerSecond")).isBetween(9.0, 11.0); // 10 lines a second at 100 ms
            assertThat(number(json, "lag", "p99Ms")).isBetween(0.0, 100.0);
            assertThat(number(json, "server", "pid")).isEqualTo(server.pid());
            assertThat(number(json, "server", "rssEndBytes")).isPositive();
            assertThat(number(json, "server", "cpuMicrosPerLine")).isPositive();
        }
    }

    /**
     * Issue 25: both with their defaults, 300 connections to one server (100 at most from one
     * address) are clean, spread over 127.0.0.1 to .3; from one address those turned away are
     * reported with the line the server said, not as "closed by the server".
     */
    @Test
    void withBothDefaultsTheRunIsCleanAndFromOneAddressTheRefusalIsReportedAsTheServerSaidIt() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0")) {
            int port = server.awaitListeningPort();
            Result spread = ClockProcess.run(Duration.ofSeconds(40), "load", "localhost:" + port, "-n", "300",
                    "--settle", "500ms", "--hold", "1500ms");
            assertThat(spread.exitCode()).as(spread.stdout() + spread.stderrText()).isZero();
            assertThat(spread.stdout()).contains("connections       300 of 300 connected, 0 failed\n")
                    .contains("closed early      0\n");

            // Under the server's connect rate (50 a second from one address), so that every refusal
            // is one over --max-per-source, which says why; one over the rate is closed unsaid.
            Result one = ClockProcess.run(Duration.ofSeconds(40), "load", "localhost:" + port, "-n", "110", "--rate", "40",
                    "--sources", "1", "--settle", "500ms", "--hold", "500ms");
            assertThat(one.exitCode()).as(one.stdout()).isEqualTo(1);
            assertThat(one.stdout()).as(one.stdout())
                    .contains("NOT clean: 10 closed early (first: clock: too many connections from your address)");
        }
    }

    @Test
    void countsExactlyTheSkipsRepeatsStepsBackAndMalformedLinesOfAServerThatIsNotOurs() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> serveFaulty(server));
            Result result = ClockProcess.run(Duration.ofSeconds(40), "load", "127.0.0.1:" + server.getLocalPort(), "-n", "5",
                    "--settle", "200ms", "--hold", "3s");

            assertThat(result.exitCode()).as("not clean").isEqualTo(1);
            // Each of the 5 connections: 9 lines, of which the first is not judged; 3 next, 2 skips
            // (of 1 and 4 intervals), 1 repeat, 1 step back, 1 malformed.
            assertThat(result.stdout()).as(result.stdout())
                    .contains("connections       5 of 5 connected, 0 failed\n")
                    .contains("closed early      0\n")
                    .contains(", 45 lines, ")
                    .contains("sequence          15 next, 10 skips (25 intervals), 5 repeated, 5 backwards, 5 malformed\n")
                    .contains("verdict           NOT clean: 10 skips, 5 repeated, 5 backwards, 5 malformed\n");
        }
    }

    @Test
    void spreadsSourceAddressesWhenAsked() throws Exception {
        Set<InetAddress> sources = ConcurrentHashMap.newKeySet();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        sources.add(s.getInetAddress());
                        Thread.ofVirtual().start(() -> tickForever(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Result result = ClockProcess.run(Duration.ofSeconds(40), "load", "127.0.0.1:" + server.getLocalPort(), "-n", "12",
                    "--sources", "4", "--settle", "100ms", "--hold", "1s");

            assertThat(result.exitCode()).as(result.stdout()).isZero();
            assertThat(sources).extracting(InetAddress::getHostAddress)
                    .containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4");
        }
    }

    @Test
    void aRefusedTargetIsReportedWithTheFirstError() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        Result result = ClockProcess.run(Duration.ofSeconds(40), "load", "127.0.0.1:" + port, "-n", "3", "--settle", "100ms", "--hold", "100ms");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("0 of 3 connected, 3 failed (first: connection refused)")
                .contains("verdict           NOT clean: 3 connections failed (first: connection refused), no lines in the hold window\n");
    }

    @Test
    void anUnknownHostIsOneLineAndStatusOne() throws Exception {
        Result result = ClockProcess.run(Duration.ofSeconds(40), "load", "no-such-host.invalid:8000", "-n", "1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).containsExactly("clock load: no-such-host.invalid:8000: unknown host");
    }

    @Test
    void badUsageIsOneLineAndStatusTwo() throws Exception {
        for (String[] args : List.of(new String[] {"load", "localhost"}, new String[] {"load", "-n", "0"},
                new String[] {"load", "--sources", "300"}, new String[] {"load", "--pid", "999999999"})) {
            Result result = ClockProcess.run(Duration.ofSeconds(20), args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(result.stderr()).as(String.join(" ", args)).singleElement().asString().startsWith("clock load: ");
        }
    }

    /**
     * A server that is not ours, with faults on purpose: to each client, a second after it connects
     * (inside the hold window), at once, the lines "t, t+1, t+1 (a repeat), t+3 (a skip of one),
     * not a time (malformed), t+4, t+2 (a step back), t+7 (a skip of four), t+8"; then nothing
     * until the client closes.
     */
    private static void serveFaulty(ServerSocket server) {
        DateTimeFormatter hms = DateTimeFormatter.ofPattern("HH:mm:ss");
        int[] script = {0, 1, 1, 3, -1, 4, 2, 7, 8};
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> {
                    LocalTime t = LocalTime.now(ZoneOffset.UTC);
                    StringBuilder lines = new StringBuilder();
                    for (int step : script) {
                        lines.append(step < 0 ? "not a time" : hms.format(t.plusSeconds(step))).append('\n');
                    }
                    try (s; OutputStream out = s.getOutputStream()) {
                        Thread.sleep(1000);
                        out.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        s.getInputStream().readAllBytes(); // held until the client closes
                    } catch (IOException | InterruptedException e) {
                        // the client left
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void tickForever(Socket s) {
        try (s; OutputStream out = s.getOutputStream()) {
            while (true) {
                out.write((DateTimeFormatter.ofPattern("HH:mm:ss").format(LocalTime.now(ZoneOffset.UTC)) + "\n").getBytes(StandardCharsets.US_ASCII));
                Thread.sleep(1000 - System.currentTimeMillis() % 1000);
            }
        } catch (IOException | InterruptedException e) {
            // the client left
        }
    }

}
