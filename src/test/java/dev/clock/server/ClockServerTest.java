package dev.clock.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.LineClient;
import dev.clock.testing.LineClient.Timed;
import dev.clock.testing.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ClockServerTest {
    private static final Duration INTERVAL = Duration.ofMillis(100);

    @Test
    void aClientGetsTheTimeAtOnceOnConnect() throws Exception {
        // Hourly ticks: the line a client gets at once is the hour under way, not the next one.
        DateTimeFormatter hour = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
        try (RunningServer s = RunningServer.start(Duration.ofHours(1), "yyyy-MM-dd HH:mm", false, Duration.ofSeconds(10))) {
            String before = hour.format(Instant.now().truncatedTo(ChronoUnit.HOURS));
            try (LineClient client = new LineClient(s.port())) {
                String line = client.readLine();
                String after = hour.format(Instant.now().truncatedTo(ChronoUnit.HOURS));
                assertThat(line).isIn(before, after);
            }
        }
    }

    @Test
    void concurrentClientsGetIdenticalLinesAtTheSameMoments() throws Exception {
        try (RunningServer s = RunningServer.start(INTERVAL)) {
            List<LineClient> clients = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                clients.add(new LineClient(s.port()));
            }
            for (LineClient c : clients) {
                c.readLine(); // the line of the interval under way when each connected
            }
            // Each client read on a thread of its own, so that arrival times are real.
            List<CompletableFuture<List<Timed>>> reads = new ArrayList<>();
            for (LineClient c : clients) {
                reads.add(CompletableFuture.supplyAsync(() -> readTimedUnchecked(c, 10), r -> Thread.ofPlatform().start(r)));
            }
            List<List<Timed>> received = new ArrayList<>();
            for (var read : reads) {
                received.add(read.get(10, TimeUnit.SECONDS));
            }
            for (int line = 0; line < 10; line++) {
                long earliest = Long.MAX_VALUE;
                long latest = Long.MIN_VALUE;
                for (List<Timed> r : received) {
                    assertThat(r.get(line).line()).isEqualTo(received.get(0).get(line).line());
                    earliest = Math.min(earliest, r.get(line).nanos());
                    latest = Math.max(latest, r.get(line).nanos());
                }
                assertThat(Duration.ofNanos(latest - earliest)).as("spread of line %d", line).isLessThan(Duration.ofMillis(40));
            }
            assertConsecutive(received.get(0), INTERVAL);
            for (LineClient c : clients) {
                c.close();
            }
        }
    }

    @Test
    void sequentialModeServesTheSecondClientOnlyWhenTheFirstLeaves() throws Exception {
        try (RunningServer s = RunningServer.start(INTERVAL, "HH:mm:ss.SSS", true, Duration.ofSeconds(10));
             LineClient first = new LineClient(s.port());
             LineClient second = new LineClient(s.port(), Duration.ofMillis(500))) {
            assertThat(first.readLine()).isNotNull();
            // Connected (the kernel's backlog took it) but not served while the first is.
            try {
                String line = second.readLine();
                throw new AssertionError("the second client was served while the first was: " + line);
            } catch (SocketTimeoutException expected) {
                // waiting, as clock1's second client does
            }
            assertThat(first.readLine()).isNotNull();

            first.close(); // noticed when a write to it fails, by the second tick
            second.socket().setSoTimeout(3_000);
            assertThat(second.readLine()).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
            assertConsecutive(readTimed(second, 3), INTERVAL);
        }
    }

    @Test
    void aDisconnectedClientIsReleasedByTheSecondTick() throws Exception {
        try (RunningServer s = RunningServer.start(INTERVAL)) {
            LineClient client = new LineClient(s.port());
            client.readLine();
            Await.until(() -> s.server.clientCount() == 1, Duration.ofSeconds(2));

            client.close();
            long closedAt = System.nanoTime();
            Await.until(() -> s.server.clientCount() == 0, Duration.ofSeconds(2));

            assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThanOrEqualTo(INTERVAL.multipliedBy(3));
        }
    }

    @Test
    void aClientThatOnlyHalfClosesKeepsGettingTheClock() throws Exception {
        try (RunningServer s = RunningServer.start(INTERVAL);
             LineClient client = new LineClient(s.port())) {
            client.socket().shutdownOutput();
            client.readLine();
            assertConsecutive(readTimed(client, 5), INTERVAL);
        }
    }

    @Test
    void aClientThatNeverReadsDelaysNobodyAndIsDroppedAfterTheWriteTimeout() throws Exception {
        // 32 KB lines every 50 ms fill a non-reader's buffers within a few seconds.
        String pattern = "HH:mm:ss.SSS '" + "x".repeat(32_000) + "'";
        Duration interval = Duration.ofMillis(50);
        try (RunningServer s = RunningServer.start(interval, pattern, false, Duration.ofMillis(300));
             Socket stuck = new Socket();
             LineClient reader = new LineClient(s.port())) {
            stuck.setReceiveBufferSize(4096);
            stuck.connect(new InetSocketAddress("127.0.0.1", s.port()));
            reader.readLine();

            List<Timed> lines = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (s.server.stats().droppedStalledCount() == 0 && System.nanoTime() < deadline) {
                lines.add(reader.readTimed());
            }
            lines.addAll(readTimed(reader, 20)); // and after the drop, still every tick

            assertThat(s.server.stats().droppedStalledCount()).as("the non-reader was dropped").isEqualTo(1);
            assertThat(s.server.clientCount()).isEqualTo(1);
            assertConsecutive(lines, interval);
        }
    }

    @Test
    void whatAClientSendsIsNeverReadAndTheKernelHoldsOnlyAFewKilobytesOfIt() throws Exception {
        try (RunningServer s = RunningServer.start(INTERVAL);
             LineClient flooder = new LineClient(s.port());
             LineClient other = new LineClient(s.port())) {
            flooder.readLine();
            other.readLine();
            // Send until the server's side will take no more: its receive window is closed.
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = flooder.socket().getOutputStream();
                    byte[] garbage = new byte[64 * 1024];
                    for (int i = 0; i < 16 * 16; i++) { // up to 16 MB; blocks long before
                        out.write(garbage);
                    }
                } catch (IOException e) {
                    // the test closed the socket
                }
            });
            Thread.sleep(500);
            int localPort = flooder.socket().getLocalPort();
            long queued = ProcNetTcp.receiveQueueOf(s.port(), localPort);
            assertThat(flood).as("the flooder is blocked, not done").isNotDone();
            assertThat(queued).as("bytes the kernel holds for the server from the flooder")
                    .isLessThanOrEqualTo(8 * 1024);
            // Meanwhile both clients, the flooder too, keep their clock.
            assertConsecutive(readTimed(other, 5), INTERVAL);
            assertConsecutive(readTimed(flooder, 5), INTERVAL);
            flooder.close();
            flood.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void closingTheServerClosesEveryClient() throws Exception {
        RunningServer s = RunningServer.start(INTERVAL);
        try (LineClient a = new LineClient(s.port()); LineClient b = new LineClient(s.port())) {
            a.readLine();
            b.readLine();
            s.close();
            assertThat(drain(a)).isTrue();
            assertThat(drain(b)).isTrue();
        }
    }

    /** Reads until the server closes; true if it did. */
    private static boolean drain(LineClient c) throws IOException {
        try {
            while (c.readLine() != null) {
                // lines already in flight
            }
            return true;
        } catch (java.net.SocketException e) {
            return e.getMessage().contains("reset");
        }
    }

    private static List<Timed> readTimedUnchecked(LineClient c, int n) {
        try {
            return readTimed(c, n);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Timed> readTimed(LineClient c, int n) throws IOException {
        List<Timed> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Timed t = c.readTimed();
            assertThat(t.line()).as("line %d", i).isNotNull();
            lines.add(t);
        }
        return lines;
    }

    /** Each line is the interval after the one before: none skipped, none repeated. */
    static void assertConsecutive(List<Timed> lines, Duration interval) {
        for (int i = 1; i < lines.size(); i++) {
            LocalTime before = LocalTime.parse(lines.get(i - 1).line().substring(0, 12));
            LocalTime now = LocalTime.parse(lines.get(i).line().substring(0, 12));
            assertThat(Duration.between(before, now)).as("from line %d to %d", i - 1, i).isEqualTo(interval);
        }
    }
}
