package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.Await;
import dev.clock.testing.ClockProcess.Result;
import dev.clock.testing.ClockProcess;
import dev.clock.testing.LineClient;
import dev.clock.testing.ProcStats;
import dev.clock.testing.TcpTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults a server on the open network meets, each against a real {@code clock serve} process,
 * each asserting what well-behaved clients saw and what the server holds afterwards.
 */
@Timeout(90)
class HardeningIT {
    private static final String MILLIS = "HH:mm:ss.SSS";

    @Test
    void outOfDescriptorsItBacksOffLogsOnceKeepsServingAndRecoversByItself() throws Exception {
        try (ClockProcess server = ClockProcess.startWithFileLimit(128, "serve", "-p", "0", "--max-per-source", "100000", "--max-connect-rate", "100000", "-i", "100ms", "-f", MILLIS,
                "-z", "UTC", "--max-clients", "1000")) {
            int port = server.awaitListeningPort();
            LineClient steady = new LineClient(port);
            steady.readLine();
            List<LineClient> fillers = new ArrayList<>();
            LineClient waiting = null;
            for (int i = 0; i < 200 && waiting == null; i++) {
                LineClient c = new LineClient(port, Duration.ofMillis(500));
                try {
                    c.readLine();
                    fillers.add(c);
                } catch (SocketTimeoutException e) {
                    waiting = c; // the kernel took it; the server could not accept it
                }
            }
            assertThat(waiting).as("the server ran out of descriptors").isNotNull();

            double cpuBefore = ProcStats.cpuSeconds(server.pid());
            List<String> steadyLines = new ArrayList<>();
            for (int i = 0; i < 30; i++) { // 3 s out of descriptors
                steadyLines.add(steady.readLine());
            }
            double cpuDuring = ProcStats.cpuSeconds(server.pid()) - cpuBefore;

            report("out of descriptors: %.2f CPU s in 3 s, %d accept warnings", cpuDuring,
                    server.stderrSoFar().stream().filter(l -> l.contains("accept failed")).count());
            assertThat(cpuDuring).as("CPU seconds in 3 s out of descriptors: no spinning accept loop").isLessThan(0.6);
            assertThat(server.stderrSoFar().stream().filter(l -> l.contains("accept failed")))
                    .as("one warning for the episode, not one per failure").hasSize(1)
                    .allMatch(l -> l.matches(".* WARN  stream: accept failed: too many open files; .*"));
            assertConsecutive(steadyLines, Duration.ofMillis(100));

            for (LineClient c : fillers.subList(0, 20)) {
                c.close();
            }
            long freed = System.nanoTime();
            waiting.socket().setSoTimeout(5_000);
            String served;
            try {
                served = waiting.readLine();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("not served after descriptors freed up; server log: " + server.stderrSoFar(), e);
            }
            assertThat(served).as("served once descriptors freed up").matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
            report("out of descriptors: the waiting client served %d ms after 20 clients left", (System.nanoTime() - freed) / 1_000_000);
            Await.until(() -> server.stderrSoFar().stream().anyMatch(l -> l.contains("accepting again")), Duration.ofSeconds(5));
            for (LineClient c : fillers) {
                c.close();
            }
            steady.close();
        }
    }

    @Test
    void beyondMaxClientsANewClientIsToldTheServerIsFullAndClosed() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "-i", "100ms", "--max-clients", "2")) {
            int port = server.awaitListeningPort();
            LineClient a = new LineClient(port);
            LineClient b = new LineClient(port);
            a.readLine();
            b.readLine();
            try (LineClient c = new LineClient(port)) {
                assertThat(c.readLine()).isEqualTo("clock: server full, try again later");
                assertThat(c.readLine()).isNull();
            }
            a.close();
            // Released by the second tick after it left; then there is room again.
            Await.until(() -> {
                try (LineClient d = new LineClient(port)) {
                    return !d.readLine().startsWith("clock:");
                } catch (IOException e) {
                    return false;
                }
            }, Duration.ofSeconds(5));
            assertThat(b.readLine()).isNotNull();
            b.close();
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedAfterTheWriteTimeoutAndLoggedWithItsAddress() throws Exception {
        String longLines = MILLIS + " '" + "x".repeat(16_000) + "'";
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "-i", "50ms", "-f", longLines, "-z", "UTC",
                "--write-timeout", "1s");
             Socket stalled = new Socket()) {
            int port = server.awaitListeningPort();
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", port));
            LineClient reader = new LineClient(port);
            reader.readLine();

            List<String> lines = new ArrayList<>();
            String dropped = "WARN  dropped 127.0.0.1:" + stalled.getLocalPort() + ":";
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (server.stderrSoFar().stream().noneMatch(l -> l.contains(dropped)) && System.nanoTime() < deadline) {
                lines.add(reader.readLine().substring(0, 12));
            }
            for (int i = 0; i < 10; i++) {
                lines.add(reader.readLine().substring(0, 12));
            }

            assertThat(server.stderrSoFar()).anyMatch(l -> l.contains(dropped));
            assertConsecutive(lines, Duration.ofMillis(50));
            report("stalled reader: dropped while the other client read %d consecutive 50 ms ticks", lines.size());
            // The server closed the stalled client: once its buffers drain, it sees the end.
            stalled.setSoTimeout(10_000);
            assertThat(drain(stalled.getInputStream())).isTrue();
            reader.close();
        }
    }

    @Test
    void churnAndResetsLeakNoDescriptorThreadOrConnectionObject() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "-i", "100ms",
                "--max-per-source", "100000", "--max-connect-rate", "100000")) {
            int port = server.awaitListeningPort();
            List<LineClient> live = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                live.add(new LineClient(port));
                live.getLast().readLine(); // classes loaded, threads started
            }
            // The probe must see live handlers, or its zero at the end proves nothing (a renamed class).
            assertThat(liveInstances(server.pid(), HANDLER)).as("live %s while 3 clients are connected", HANDLER).isEqualTo(3);
            long fdsWithClients = descriptors(server); // counted after jcmd: attaching opens one of its own
            for (LineClient c : live) {
                c.close();
            }
            Await.until(() -> descriptors(server) <= fdsWithClients - live.size(), Duration.ofSeconds(5));
            long fdsBefore = descriptors(server);
            long threadsBefore = ProcStats.threads(server.pid());

            List<CompletableFuture<Void>> churners = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int worker = t;
                churners.add(CompletableFuture.runAsync(() -> churn(port, 500, worker), r -> Thread.ofPlatform().start(r)));
            }
            for (CompletableFuture<Void> c : churners) {
                c.get(60, TimeUnit.SECONDS);
            }

            long peak = descriptors(server);
            Await.until(() -> descriptors(server) <= fdsBefore, Duration.ofSeconds(5));
            long settled = descriptors(server);
            long threadsAfter = ProcStats.threads(server.pid());
            long handlers = liveInstances(server.pid(), HANDLER); // jcmd attaches: read the rest first
            report("churn of 4,000 (half reset): descriptors %d before, %d just after, %d settled; threads %d before, %d after; %d live handlers",
                    fdsBefore, peak, settled, threadsBefore, threadsAfter, handlers);
            assertThat(threadsAfter).isLessThanOrEqualTo(threadsBefore + 2);
            assertThat(handlers).isZero();
            assertThat(server.stderrSoFar()).noneMatch(l -> l.contains("Exception") || l.contains("ERROR"));
        }
    }

    /** 500 connections per worker: half read a line and close, half reset at once (SO_LINGER 0). */
    private static void churn(int port, int connections, int worker) {
        for (int i = 0; i < connections; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port));
                if ((i + worker) % 2 == 0) {
                    s.setSoLinger(true, 0);
                } else {
                    s.getInputStream().read();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void sigtermWithThousandsOfClientsSomeStalledExitsZeroWithinTwoSeconds() throws Exception {
        String longLines = MILLIS + " '" + "x".repeat(16_000) + "'";
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "-i", "50ms", "-f", longLines, "--write-timeout", "60s",
                "--max-per-source", "100000", "--max-connect-rate", "100000")) {
            int port = server.awaitListeningPort();
            List<Socket> clients = new ArrayList<>();
            List<Integer> stalled = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                Socket s = new Socket();
                if (i % 100 == 0) {
                    s.setReceiveBufferSize(4096); // and never read: stalled
                }
                s.connect(new InetSocketAddress("127.0.0.1", port));
                clients.add(s);
                if (i % 100 == 0) {
                    stalled.add(s.getLocalPort());
                }
            }
            // The stalled ones have filled their buffers: the server holds unsent bytes for each.
            Await.until(() -> stalled.stream().allMatch(p -> TcpTable.sendQueueOf(port, p) > 0), Duration.ofSeconds(20));

            long signalled = System.nanoTime();
            server.terminate();
            Result result = server.awaitExit(Duration.ofSeconds(10));

            report("SIGTERM with 2,000 clients, 20 stalled: exit %d after %d ms", result.exitCode(),
                    (System.nanoTime() - signalled) / 1_000_000);
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(2));
            assertThat(result.exitCode()).isZero();
            for (Socket s : clients) {
                s.close();
            }
        }
    }

    @Test
    void aSecondSignalWhileStoppingExitsAtOnce() throws Exception {
        // A long drain: only the second signal's halt can end it within the test's bounds.
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "--metrics", "0", "--drain", "60s")) {
            server.awaitListeningPort();
            int metricsPort = server.awaitServicePort("metrics");
            server.signal("TERM");
            Await.until(() -> health(metricsPort) == 503, Duration.ofSeconds(10)); // the first one is being handled
            long signalled = System.nanoTime();
            server.signal("TERM");
            Result result = server.awaitExit(Duration.ofSeconds(10));

            report("second SIGTERM while draining: exit %d after %d ms", result.exitCode(), (System.nanoTime() - signalled) / 1_000_000);
            assertThat(result.exitCode()).isEqualTo(143);
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void quietLogsNothingButWarnings() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (ClockProcess quiet = ClockProcess.start("serve", "-p", Integer.toString(port), "--quiet")) {
            Await.until(() -> canConnect(port), Duration.ofSeconds(15));
            quiet.terminate();
            assertThat(quiet.awaitExit(Duration.ofSeconds(5)).stderr()).isEmpty();
        }
    }

    @Test
    void debugLogsEachConnectionAndWhyItEnded() throws Exception {
        try (ClockProcess debug = ClockProcess.start("serve", "-p", "0", "-i", "100ms", "--debug")) {
            int port = debug.awaitListeningPort();
            int clientPort;
            try (LineClient c = new LineClient(port)) {
                c.readLine();
                clientPort = c.socket().getLocalPort();
            }
            String connected = "DEBUG connected: 127.0.0.1:" + clientPort;
            String left = "DEBUG disconnected: 127.0.0.1:" + clientPort + " (left)";
            Await.until(() -> debug.stderrSoFar().stream().anyMatch(l -> l.endsWith(left)), Duration.ofSeconds(5));
            assertThat(debug.stderrSoFar()).anyMatch(l -> l.endsWith(connected));
        }
    }

    @Test
    void aGracefulStopEndsAClientThatSentInputWithEndOfStreamNotAReset() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "-i", "100ms")) {
            int port = server.awaitListeningPort();
            try (ClockProcess nc = ClockProcess.start(Map.of(), ProcessBuilder.Redirect.PIPE, "nc", "127.0.0.1:" + port)) {
                OutputStream toNc = nc.process().getOutputStream(); // stays open: nc keeps its sending side
                toNc.write("hello\n".getBytes(StandardCharsets.US_ASCII));
                toNc.flush();
                // The server's end of the connection has taken it in before the stop.
                Await.until(() -> TcpTable.bytesReceivedBy(port) >= "hello\n".length(), Duration.ofSeconds(15));
                server.terminate();
                assertThat(server.awaitExit(Duration.ofSeconds(10)).exitCode()).isZero();
                Result result = nc.awaitExit(Duration.ofSeconds(10));

                assertThat(result.stderr()).as("nc's complaints").isEmpty();
                assertThat(result.exitCode()).isZero();
                assertThat(result.stdout()).isNotEmpty();
            }
        }
    }

    @Test
    void anIdleServerWithATinyWriteTimeoutDoesNotSpin() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "--write-timeout", "1ms")) {
            int port = server.awaitListeningPort();
            try (LineClient c = new LineClient(port)) {
                c.readLine(); // started: every thread of a client's path is up
            }
            double before = ProcStats.cpuSeconds(server.pid());
            long started = System.nanoTime();
            Await.until(() -> System.nanoTime() - started > Duration.ofSeconds(3).toNanos(), Duration.ofSeconds(5));
            double cpu = ProcStats.cpuSeconds(server.pid()) - before;

            report("idle with --write-timeout 1ms: %.2f CPU s in 3 s", cpu);
            assertThat(cpu).as("CPU seconds in 3 s idle").isLessThan(0.15);
        }
    }

    @Test
    void aClientThatNeverReadsIsDroppedOnceItsFewKilobytesAreFullAndTheWriteTimeoutPasses() throws Exception {
        // The default interval, one line a second; lines of a kilobyte fill a small buffer in seconds
        // (nine-byte lines take minutes to hours: see the report).
        String kilobyteLines = "HH:mm:ss '" + "x".repeat(1_000) + "'";
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "-f", kilobyteLines, "--write-timeout", "2s");
             Socket stalled = new Socket()) {
            int port = server.awaitListeningPort();
            stalled.setReceiveBufferSize(1); // the kernel's least; and never read
            long connected = System.nanoTime();
            stalled.connect(new InetSocketAddress("127.0.0.1", port));
            String dropped = "WARN  dropped 127.0.0.1:" + stalled.getLocalPort() + ":";
            server.awaitLog(java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(dropped)), Duration.ofSeconds(60));
            Duration after = Duration.ofNanos(System.nanoTime() - connected);

            report("a client that never reads, 1 KB lines at 1 s, --write-timeout 2s: dropped %d ms after it connected", after.toMillis());
            assertThat(after).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void withMaxClientsOneAClientThatLeavesAndComesStraightBackIsServed() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "--max-clients", "1", "-i", "10s")) {
            int port = server.awaitListeningPort();
            for (int i = 0; i < 5; i++) {
                try (LineClient c = new LineClient(port)) {
                    assertThat(c.readLine()).as("visit %d", i).matches("\\d\\d:\\d\\d:\\d\\d");
                } // and straight back
            }
        }
    }

    @Test
    void sequentialServesTheNextClientAsSoonAsTheFirstLeaves() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "--sequential", "-i", "10s")) {
            int port = server.awaitListeningPort();
            LineClient first = new LineClient(port);
            first.readLine();
            try (LineClient second = new LineClient(port, Duration.ofSeconds(30))) {
                first.close();
                long left = System.nanoTime();
                assertThat(second.readLine()).matches("\\d\\d:\\d\\d:\\d\\d");
                Duration waited = Duration.ofNanos(System.nanoTime() - left);

                report("sequential, 10 s interval: the next client served %d ms after the first left", waited.toMillis());
                assertThat(waited).isLessThan(Duration.ofSeconds(2));
            }
        }
    }

    private static final String HANDLER = "dev.clock.broadcast.ClientHandler";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static int health(int metricsPort) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/healthz")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A figure the scenario produced, for the test report (target/surefire-reports). */
    private static void report(String format, Object... args) {
        System.out.printf("HardeningIT: " + format + "%n", args);
    }

    private static boolean canConnect(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long descriptors(ClockProcess server) {
        try {
            return ProcStats.openDescriptors(server.pid());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Live instances of a class after a full collection, from the JDK's own jcmd. */
    static long liveInstances(long pid, String className) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("Total");
        return out.lines().filter(l -> l.trim().endsWith(" " + className) || l.contains(" " + className + " "))
                .mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[1])).sum();
    }

    private static boolean drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) >= 0) {
                // what was sent before the drop
            }
            return true;
        } catch (java.net.SocketException e) {
            return e.getMessage().toLowerCase().contains("reset");
        }
    }

    static void assertConsecutive(List<String> lines, Duration interval) {
        for (int i = 1; i < lines.size(); i++) {
            Duration step = Duration.between(LocalTime.parse(lines.get(i - 1).substring(0, 12)), LocalTime.parse(lines.get(i).substring(0, 12)));
            if (step.isNegative()) {
                step = step.plusDays(1);
            }
            assertThat(step).as("line %d after %d: %s then %s", i, i - 1, lines.get(i - 1), lines.get(i)).isEqualTo(interval);
        }
    }

}
