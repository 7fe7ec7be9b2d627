package dev.clock.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.kernel.KernelReceive;
import dev.clock.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A read loop over real loopback connections, with a tiny server in the test writing lines that
 * name the current second (UTC) at times it notes: the lags the loop records must be those times'.
 */
@Timeout(30)
class ReadLoopTest {
    private static final long SECOND = 1_000_000_000L;
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** How long the test leaves written lines in the kernel before the loop may read them. */
    private static final Duration HELD = Duration.ofMillis(300);

    private ServerSocketChannel listener;
    private Tally tally;
    private ReadLoop loop;

    @BeforeEach
    void listen() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        tally = new Tally(SECOND);
        tally.openWindow(System.nanoTime(), Long.MAX_VALUE);
        loop = new ReadLoop("test-reader", tally);
        loop.start();
    }

    @AfterEach
    void close() throws Exception {
        loop.close();
        listener.close();
    }

    /** A client connection, opened for reading as the generator opens it, and the server's end of it. */
    private record Pair(SocketChannel client, Receiver.Reading reading, SocketChannel server) implements AutoCloseable {
        void write(String text) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (b.hasRemaining()) {
                server.write(b);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private Pair connect(Receiver receiver) throws IOException {
        SocketChannel client = SocketChannel.open();
        Receiver.Reading reading = receiver.open(client);
        client.connect(listener.getLocalAddress());
        return new Pair(client, reading, listener.accept());
    }

    /** The line for the second under way, and the nanoseconds into it at which it was written. */
    private record Written(long lagAtWriteNanos, Instant second) {
    }

    /** Writes the line before the second under way (not timed: a connection's first line) and the line naming it. */
    private static Written writeThisSecond(Pair pair) throws IOException {
        Instant now = Instant.now();
        Instant second = now.truncatedTo(ChronoUnit.SECONDS);
        LocalTime named = LocalTime.ofInstant(second, ZoneOffset.UTC);
        pair.write(HMS.format(named.minusSeconds(1)) + "\n" + HMS.format(named) + "\n");
        return new Written(Duration.between(second, Instant.now()).toNanos(), second);
    }

    /** Where this JVM can have the kernel's timestamps, clock load must use them: no silent fallback. */
    @Test
    void theKernelsTimesAreUsedWhereThisJvmCanHaveThem() {
        String arch = System.getProperty("os.arch");
        boolean capable = Runtime.version().feature() >= 22 && System.getProperty("os.name").equals("Linux")
                && (arch.equals("amd64") || arch.equals("aarch64"));
        assertThat(Receivers.best().source()).isEqualTo(capable ? KernelTimestampReceiver.SOURCE
                : "read time only, because " + KernelReceive.unavailableReason().orElseThrow());
    }

    /**
     * A connection kept open with its reading until the kernel stamps what it receives: Linux turns
     * the stamps on a moment after the first socket asks (a deferred work item), and off when the
     * last one closes.
     */
    private Pair stamping(Receiver kernel) throws Exception {
        Pair keeper = connect(kernel);
        ByteBuffer one = ByteBuffer.allocate(1);
        Await.until(() -> {
            try {
                keeper.write("x");
                Await.until(() -> receiveInto(keeper, one.clear()) == 1, Duration.ofSeconds(1));
                return keeper.reading().kernelEpochNanos() != Arrival.NO_TIME;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, Duration.ofSeconds(5));
        return keeper;
    }

    private static int receiveInto(Pair pair, ByteBuffer into) {
        try {
            return pair.reading().receive(into);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Receiver kernel() {
        Receiver best = Receivers.best();
        org.junit.jupiter.api.Assumptions.assumeTrue(best.source().equals(KernelTimestampReceiver.SOURCE),
                "this JVM has no kernel receive timestamps: " + best.source());
        return best;
    }

    @Test
    void aLineLeftInTheKernelHasItsReceiveTimeAndItsLaterReadTimeEachWithItsLag() throws Exception {
        Receiver kernel = kernel();
        try (Pair keeper = stamping(kernel); Pair pair = connect(kernel)) {
            pair.client().configureBlocking(false);
            Instant beforeWrite = Instant.now();
            Written written = writeThisSecond(pair);
            Thread.sleep(HELD.toMillis()); // the lines wait in the kernel: the reader is late by this much on purpose
            loop.add(pair.client(), pair.reading(), new ConnectionReader(tally, false));
            Await.until(() -> tally.lines.sum() == 2, Duration.ofSeconds(5));

            long kernelLag = tally.kernelLags.max().toNanos();
            long readLag = tally.lags.max().toNanos();
            long readerDelay = tally.readerDelays.max().toNanos();
            assertThat(kernelLag).as("kernel lag").isBetween(Duration.between(written.second(), beforeWrite).toNanos() - 1_000_000,
                    written.lagAtWriteNanos() + 5_000_000);
            assertThat(readerDelay).as("reader delay").isGreaterThanOrEqualTo(HELD.toNanos());
            assertThat(readLag).as("read lag").isBetween(kernelLag + HELD.toNanos(), kernelLag + readerDelay + 5_000_000);
            assertThat(tally.withoutKernelTime.sum()).isZero();
        }
    }

    @Test
    void aLineSplitAcrossTwoReadsHasTheReceiveTimeOfItsEnd() throws Exception {
        Receiver kernel = kernel();
        try (Pair keeper = stamping(kernel); Pair pair = connect(kernel)) {
            loop.add(pair.client(), pair.reading(), new ConnectionReader(tally, false));
            Instant second = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String named = HMS.format(LocalTime.ofInstant(second, ZoneOffset.UTC));
            pair.write(HMS.format(LocalTime.ofInstant(second.minusSeconds(1), ZoneOffset.UTC)) + "\n" + named.substring(0, 4));
            Thread.sleep(HELD.toMillis()); // the loop reads the line's start alone
            Instant beforeEnd = Instant.now();
            pair.write(named.substring(4) + "\n");
            Await.until(() -> tally.lines.sum() == 2, Duration.ofSeconds(5));

            assertThat(tally.next.sum()).isEqualTo(1);
            assertThat(tally.kernelLags.max().toNanos()).isBetween(Duration.between(second, beforeEnd).toNanos() - 1_000_000,
                    Duration.between(second, Instant.now()).toNanos());
        }
    }

    @Test
    void withoutKernelTimesALineIsTimedByItsReadAlone() throws Exception {
        try (Pair pair = connect(new ChannelReceiver("the test says so"))) {
            Instant before = Instant.now();
            Written written = writeThisSecond(pair);
            loop.add(pair.client(), pair.reading(), new ConnectionReader(tally, false));
            Await.until(() -> tally.lines.sum() == 2, Duration.ofSeconds(5));
            long readAfterSecond = Duration.between(written.second(), Instant.now()).toNanos();

            assertThat(tally.next.sum()).isEqualTo(1);
            assertThat(tally.lags.max().toNanos()).isBetween(Duration.between(written.second(), before).toNanos() - 2_000_000,
                    readAfterSecond + 2_000_000);
            assertThat(tally.kernelLags.count()).isZero();
            assertThat(tally.readerDelays.count()).isZero();
            assertThat(tally.withoutKernelTime.sum()).isEqualTo(1);
        }
    }

    @Test
    void theServerClosingBeforeTheWindowEndsIsAnEarlyClose() throws Exception {
        Pair pair = connect(Receivers.best());
        loop.add(pair.client(), pair.reading(), new ConnectionReader(tally, false));
        pair.write("10:00:00\n");
        pair.close();

        Await.until(() -> tally.closedEarly.sum() == 1, Duration.ofSeconds(5));
        assertThat(tally.firstEarlyClose.get()).isEqualTo("closed by the server");
        assertThat(tally.lines.sum()).isEqualTo(1);
    }

    @Test
    void aResetIsAnEarlyCloseWithItsReason() throws Exception {
        Pair pair = connect(Receivers.best());
        loop.add(pair.client(), pair.reading(), new ConnectionReader(tally, false));
        pair.server().setOption(StandardSocketOptions.SO_LINGER, 0);
        pair.close(); // an abortive close: the kernel sends a reset

        Await.until(() -> tally.closedEarly.sum() == 1, Duration.ofSeconds(5));
        assertThat(tally.firstEarlyClose.get()).isEqualTo("connection reset");
    }

    @Test
    void anEndAfterTheWindowIsTheGeneratorsOwnAndNotCounted() throws Exception {
        tally.openWindow(System.nanoTime(), System.nanoTime());
        Pair pair = connect(Receivers.best());
        loop.add(pair.client(), pair.reading(), new ConnectionReader(tally, false));
        pair.close();
        Await.until(() -> !pair.client().isOpen(), Duration.ofSeconds(5)); // the loop saw the end and closed its side

        assertThat(tally.closedEarly.sum()).isZero();
    }

    @Test
    void anEventStreamIsFollowedAndANonEventStreamRefused() throws Exception {
        try (Pair events = connect(Receivers.best()); Pair notEvents = connect(Receivers.best())) {
            loop.add(events.client(), events.reading(), new ConnectionReader(tally, true));
            loop.add(notEvents.client(), notEvents.reading(), new ConnectionReader(tally, true));
            LocalTime named = LocalTime.now(ZoneOffset.UTC);
            events.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\nretry: 1000\n\n");
            events.write("data: " + HMS.format(named) + "\n\ndata: " + HMS.format(named.plusSeconds(1)) + "\n\n");
            notEvents.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");

            Await.until(() -> tally.lines.sum() == 2 && tally.closedEarly.sum() == 1, Duration.ofSeconds(5));
            assertThat(tally.next.sum()).isEqualTo(1);
            assertThat(tally.firstEarlyClose.get()).isEqualTo("not an event stream: HTTP/1.1 404 Not Found");
        }
    }
}
