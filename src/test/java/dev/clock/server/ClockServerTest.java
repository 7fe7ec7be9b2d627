package dev.clock.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.broadcast.Broadcast;
import dev.clock.testing.Await;
import dev.clock.testing.LineClient.Timed;
import dev.clock.testing.LineClient;
import dev.clock.testing.TcpTable;
import dev.clock.testing.ThreadDump;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

            first.close(); // seen at once, by the input thread
            second.socket().setSoTimeout(3_000);
            assertThat(second.readLine()).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
            assertConsecutive(readTimed(second, 3), INTERVAL);
        }
    }

    @Test
    void aClientThatLeavesIsReleasedAtOnceNotAtTheNextTick() throws Exception {
        try (RunningServer s = RunningServer.start(Duration.ofHours(1), "HH:mm", false, Duration.ofSeconds(10))) {
            LineClient client = new LineClient(s.port());
            client.readLine();
            Await.until(() -> s.server.connected() == 1, Duration.ofSeconds(2));

            client.close();
            long closedAt = System.nanoTime();
            Await.until(() -> s.server.connected() == 0, Duration.ofSeconds(2));

            assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofMillis(500));
        }
    }

    @Test
    void aClientResetIsReleasedAtOnce() throws Exception {
        try (RunningServer s = RunningServer.start(Duration.ofHours(1), "HH:mm", false, Duration.ofSeconds(10))) {
            LineClient client = new LineClient(s.port());
            client.readLine();
            Await.until(() -> s.server.connected() == 1, Duration.ofSeconds(2));

            client.socket().setSoLinger(true, 0);
            client.close();
            Await.until(() -> s.server.connected() == 0, Duration.ofSeconds(2));
        }
    }

    @Test
    void withRoomForOneAClientThatLeavesAndComesStraightBackIsServed() throws Exception {
        try (RunningServer s = RunningServer.start(Duration.ofHours(1), "HH:mm", false, 1, Duration.ofSeconds(10))) {
            for (int i = 0; i < 20; i++) {
                try (LineClient c = new LineClient(s.port())) {
                    assertThat(c.readLine()).as("visit %d", i).matches("\\d\\d:\\d\\d");
                }
            }
            assertThat(s.server.stats().refusedCount()).isZero();
        }
    }

    @Test
    void aClientThatClosesItsSendingSideHasLeft() throws Exception {
        // As Go's net/http takes it: end of input, on a protocol that takes none, means the client is gone.
        try (RunningServer s = RunningServer.start(Duration.ofHours(1), "HH:mm", false, Duration.ofSeconds(10));
             LineClient client = new LineClient(s.port())) {
            assertThat(client.readLine()).isNotNull();
            client.socket().shutdownOutput();
            assertThat(client.readLine()).as("end of stream").isNull();
            Await.until(() -> s.server.connected() == 0, Duration.ofSeconds(2));
        }
    }

    @Test
    void theFirstLineEachClientGetsIsCounted() throws Exception {
        try (RunningServer s = RunningServer.start(Duration.ofHours(1), "HH:mm", false, Duration.ofSeconds(10))) {
            for (int i = 0; i < 3; i++) {
                try (LineClient c = new LineClient(s.port())) {
                    assertThat(c.readLine()).isNotNull();
                }
            }
            Await.until(() -> s.server.stats().lineCount() == 3, Duration.ofSeconds(2));
            assertThat(s.server.stats().tickCount()).as("no tick came: every line was a first one").isZero();
        }
    }

    @Test
    void aClientThatFloodsInputIsReadOnlyUpToALimitThenLeftToTheKernelsFewKilobytes() throws Exception {
        try (RunningServer s = RunningServer.start(INTERVAL);
             Socket flooder = new Socket();
             LineClient other = new LineClient(s.port())) {
            flooder.setSendBufferSize(4096);
            flooder.connect(new InetSocketAddress("127.0.0.1", s.port()));
            flooder.setSoTimeout(5_000);
            BufferedReader flooderLines = new BufferedReader(new InputStreamReader(flooder.getInputStream(), StandardCharsets.UTF_8));
            flooderLines.readLine();
            other.readLine();
            AtomicLong sent = new AtomicLong();
            CompletableFuture<Void> flood = flood(flooder, sent);
            // The server stops reading it: what it sends then waits in the kernel.
            int localPort = flooder.getLocalPort();
            Await.until(() -> TcpTable.receiveQueueOf(s.port(), localPort) > 0, Duration.ofSeconds(5));
            // Meanwhile both clients, the flooder too, keep their clock.
            assertConsecutive(readTimed(other, 5), INTERVAL);
            List<Timed> floodersClock = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                floodersClock.add(new Timed(flooderLines.readLine(), System.nanoTime()));
            }
            assertConsecutive(floodersClock, INTERVAL);

            long queued = TcpTable.receiveQueueOf(s.port(), localPort);
            assertThat(flood).as("the flooder is blocked, not done").isNotDone();
            assertThat(queued).as("bytes the kernel holds for the server from the flooder").isLessThanOrEqualTo(8 * 1024);
            assertThat(sent.get()).as("bytes the flooder got out: read up to the limit, then the buffers")
                    .isGreaterThan(Broadcast.INPUT_LIMIT_BYTES).isLessThan(64 * 1024);
            flooder.close();
            flood.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStopEndsClientsThatSentInputWithEndOfStreamNotAReset() throws Exception {
        RunningServer s = RunningServer.start(INTERVAL);
        try (LineClient talker = new LineClient(s.port()); Socket flooder = new Socket()) {
            flooder.setSendBufferSize(4096);
            flooder.connect(new InetSocketAddress("127.0.0.1", s.port()));
            flooder.setSoTimeout(5_000);
            talker.readLine();
            talker.socket().getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            flood(flooder, new AtomicLong());
            // The flooder is no longer read (its input fills the kernel's buffer): the server never took it.
            Await.until(() -> TcpTable.receiveQueueOf(s.port(), flooder.getLocalPort()) >= 2048, Duration.ofSeconds(5));

            s.close();
            assertThat(drain(talker.socket().getInputStream())).as("the talker").isEqualTo("end of stream");
            assertThat(drain(flooder.getInputStream())).as("the flooder").isEqualTo("end of stream");
        }
    }

    /** Sends up to 16 MB from {@code client} on a thread of its own, counting what got out; blocks long before. */
    private static CompletableFuture<Void> flood(Socket client, AtomicLong sent) {
        return CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = client.getOutputStream();
                byte[] garbage = new byte[1024];
                for (int i = 0; i < 16 * 1024; i++) {
                    out.write(garbage);
                    sent.addAndGet(garbage.length);
                }
            } catch (IOException e) {
                // the socket was closed
            }
        }, r -> Thread.ofPlatform().daemon().start(r));
    }

    @Test
    void noThreadIsHeldPerClientWhileItIsServed() throws Exception {
        // A thread parked per client for its lifetime cost about a kilobyte per connection (issue #17).
        int crowd = 200;
        try (RunningServer s = RunningServer.start(INTERVAL)) {
            int before = ThreadDump.threads();
            List<LineClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < crowd; i++) {
                    clients.add(new LineClient(s.port()));
                }
                for (LineClient c : clients) {
                    assertThat(c.readLine()).isNotNull();
                }
                Await.until(() -> s.server.connected() == crowd, Duration.ofSeconds(10));
                int during = ThreadDump.threads();
                // Slack for threads that come and go on their own (other tests', the JDK's), far below one per client.
                assertThat(during - before).as("threads started for %d clients", crowd).isLessThan(crowd / 4);
                assertThat(clients.getFirst().readLine()).as("a line after the first").isNotNull();
            } finally {
                for (LineClient c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void everyClientOfShardsWalkedInSeveralBatchesGetsEveryTick() throws Exception {
        // Two shards of more than two batches each, and a last batch cut short.
        int crowd = 2 * (2 * Broadcast.BATCH + 3);
        try (RunningServer s = RunningServer.start(INTERVAL)) {
            List<LineClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < crowd; i++) {
                    clients.add(new LineClient(s.port()));
                }
                for (LineClient c : clients) {
                    c.readLine(); // the line of the interval under way when it connected
                }
                Await.until(() -> s.server.connected() == crowd, Duration.ofSeconds(10));
                for (int i = 0; i < crowd; i++) {
                    assertConsecutive(readTimed(clients.get(i), 3), INTERVAL);
                }
            } finally {
                for (LineClient c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void closingTheServerClosesEveryClient() throws Exception {
        RunningServer s = RunningServer.start(INTERVAL);
        try (LineClient a = new LineClient(s.port()); LineClient b = new LineClient(s.port())) {
            a.readLine();
            b.readLine();
            s.close();
            assertThat(drain(a.socket().getInputStream())).isEqualTo("end of stream");
            assertThat(drain(b.socket().getInputStream())).isEqualTo("end of stream");
        }
    }

    /** Reads until the server closes: "end of stream", or the exception's message. */
    private static String drain(java.io.InputStream in) {
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) >= 0) {
                // lines already in flight
            }
            return "end of stream";
        } catch (IOException e) {
            return e.toString();
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
