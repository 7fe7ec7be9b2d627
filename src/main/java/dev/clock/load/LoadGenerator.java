package dev.clock.load;

import dev.clock.net.Reasons;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Opens many connections to a line server at a set rate, holds them, checks every line inside the
 * hold window, then closes everything. One virtual thread per connection, reading into a 64-byte
 * buffer: light enough not to be the bottleneck it measures.
 */
public final class LoadGenerator {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final LoadConfig config;
    private final Consumer<String> progress;

    /** @param progress told a one-line state every half second while ramping and holding */
    public LoadGenerator(LoadConfig config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
    }

    public LoadReport run() throws IOException, InterruptedException {
        Tally tally = new Tally(config.interval().toNanos());
        ProcessSample before = sample();
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(config.target().host()), config.target().port());
        Queue<ConnectionReader> readers = new ConcurrentLinkedQueue<>();
        CountDownLatch dialed = new CountDownLatch(config.connections());
        CountDownLatch finished = new CountDownLatch(config.connections());

        long start = System.nanoTime();
        for (int i = 0; i < config.connections(); i++) {
            LockSupport.parkNanos(start + i * 1_000_000_000L / config.rate() - System.nanoTime());
            InetSocketAddress source = config.sources() == 1 ? null
                    : new InetSocketAddress("127.0.0." + (1 + i % config.sources()), 0);
            Thread.startVirtualThread(() -> connectAndRead(target, source, tally, readers, dialed, finished));
            if (i % 1000 == 999) {
                progress.accept(String.format(Locale.ROOT, "ramping: %d dialed, %d connected, %d failed",
                        i + 1, tally.connected.sum(), tally.failed.sum()));
            }
        }
        dialed.await(CONNECT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        waitUntil(System.nanoTime() + config.settle().toNanos(), left -> String.format(Locale.ROOT,
                "settling: %d connected, %d failed", tally.connected.sum(), tally.failed.sum()));

        long holdStart = System.nanoTime();
        long holdEnd = holdStart + config.hold().toNanos();
        tally.openWindow(holdStart, holdEnd);
        ProcessSample atHoldStart = sample();
        waitUntil(holdEnd, left -> String.format(Locale.ROOT, "holding: %d connected, %d closed early, %d lines, %.0f s left",
                tally.connected.sum(), tally.closedEarly.sum(), tally.lines.sum(), left / 1e9));
        ProcessSample atHoldEnd = sample();
        readers.forEach(ConnectionReader::close);
        finished.await(10, TimeUnit.SECONDS);
        return report(tally, config.hold().toNanos() / 1e9, before, atHoldStart, atHoldEnd);
    }

    /** Waits until {@link System#nanoTime()} reaches {@code deadline}, telling progress every half second. */
    private void waitUntil(long deadline, LongFunction<String> progressLine) {
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(Math.min(500_000_000L, left));
            progress.accept(progressLine.apply(Math.max(0, deadline - System.nanoTime())));
        }
    }

    private void connectAndRead(InetSocketAddress target, InetSocketAddress source, Tally tally, Queue<ConnectionReader> readers,
                                CountDownLatch dialed, CountDownLatch finished) {
        try {
            SocketChannel channel;
            try {
                channel = SocketChannel.open();
                if (source != null) {
                    channel.bind(source);
                }
                channel.socket().connect(target, Math.toIntExact(CONNECT_TIMEOUT.toMillis()));
            } catch (IOException e) {
                tally.failedToConnect(Reasons.of(e));
                return;
            } finally {
                dialed.countDown();
            }
            if (config.events()) {
                try {
                    channel.write(ByteBuffer.wrap(ConnectionReader.eventsRequest(config.target())));
                } catch (IOException e) {
                    tally.failedToConnect(Reasons.of(e));
                    return;
                }
            }
            tally.connected.increment();
            ConnectionReader reader = new ConnectionReader(channel, tally, config.events());
            readers.add(reader);
            IOException ended = reader.readAll();
            if (reader.refused() != null) {
                tally.closedEarly("not an event stream: " + reader.refused());
            } else if (!(ended instanceof AsynchronousCloseException) && !tally.windowEnded(System.nanoTime())) {
                tally.closedEarly(ended == null ? "closed by the server" : Reasons.of(ended));
            }
        } finally {
            finished.countDown();
        }
    }

    private ProcessSample sample() throws IOException {
        return ProcessSample.ofServer(config.serverPid());
    }

    private LoadReport report(Tally t, double holdSeconds, ProcessSample before, ProcessSample holdStart, ProcessSample holdEnd) {
        long connected = t.connected.sum();
        long lines = t.lines.sum();
        var connections = new LoadReport.Connections(config.connections(), connected, t.failed.sum(), t.firstFailure.get(),
                t.closedEarly.sum(), t.firstEarlyClose.get());
        var sequence = new LoadReport.Sequence(lines, connected == 0 ? 0 : lines / (connected * holdSeconds),
                t.next.sum(), t.skipped.sum(), t.skippedIntervals.sum(), t.repeated.sum(), t.backwards.sum(), t.malformed.sum());
        Optional<LoadReport.Server> server = Optional.empty();
        if (before != null) {
            double cpu = holdEnd.cpuSeconds() - holdStart.cpuSeconds();
            server = Optional.of(new LoadReport.Server(config.serverPid().getAsLong(), before.rssBytes(), holdEnd.rssBytes(), cpu,
                    lines == 0 ? Double.NaN : cpu * 1e6 / lines,
                    connected == 0 ? Double.NaN : (holdEnd.rssBytes() - before.rssBytes()) / (double) connected));
        }
        return new LoadReport(config.target().toString(), holdSeconds, connections, LoadReport.Lag.of(t.lags), sequence, server);
    }
}
