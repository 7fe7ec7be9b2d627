package dev.clock.load;

import dev.clock.net.Reasons;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Opens many connections to a line server at a set rate, holds them, checks every line inside the
 * hold window, then closes everything. A virtual thread dials each connection and hands it to one
 * of a few {@link ReadLoop}s, a platform thread per core (at most {@value #MAX_READ_LOOPS}), which
 * read every connection with the kernel's receive time where the {@link Receiver} gives one: the
 * lag is then the server's alone, and the generator's own delay is reported apart.
 */
public final class LoadGenerator {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_READ_LOOPS = 4;

    private final LoadConfig config;
    private final Consumer<String> progress;
    private final Receiver receiver;
    private final int readLoops;

    /** @param progress told a one-line state every half second while ramping and holding */
    public LoadGenerator(LoadConfig config, Consumer<String> progress) {
        this(config, progress, Receivers.best(), Math.min(MAX_READ_LOOPS, Runtime.getRuntime().availableProcessors()));
    }

    LoadGenerator(LoadConfig config, Consumer<String> progress, Receiver receiver, int readLoops) {
        this.config = config;
        this.progress = progress;
        this.receiver = receiver;
        this.readLoops = readLoops;
    }

    public LoadReport run() throws IOException, InterruptedException {
        Tally tally = new Tally(config.interval().toNanos());
        ProcessSample before = sample();
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(config.target().host()), config.target().port());
        List<ReadLoop> loops = new ArrayList<>();
        try {
            for (int i = 0; i < readLoops; i++) {
                loops.add(new ReadLoop("clock-load-reader-" + i, tally));
            }
            loops.forEach(ReadLoop::start);
            return run(tally, before, target, loops);
        } finally {
            for (ReadLoop loop : loops) {
                loop.close();
            }
        }
    }

    private LoadReport run(Tally tally, ProcessSample before, InetSocketAddress target, List<ReadLoop> loops)
            throws IOException, InterruptedException {
        CountDownLatch dialed = new CountDownLatch(config.connections());

        int sources = config.sources() == LoadConfig.SOURCES_BY_DEFAULT
                ? SourceSpread.byDefault(target.getAddress(), config.connections()) : config.sources();
        long start = System.nanoTime();
        for (int i = 0; i < config.connections(); i++) {
            LockSupport.parkNanos(start + i * 1_000_000_000L / config.rate() - System.nanoTime());
            InetSocketAddress source = sources == 1 ? null
                    : new InetSocketAddress("127.0.0." + (1 + i % sources), 0);
            ReadLoop loop = loops.get(i % loops.size());
            Thread.startVirtualThread(() -> connect(target, source, tally, loop, dialed));
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
        for (ReadLoop loop : loops) {
            loop.close();
        }
        return report(tally, config.hold().toNanos() / 1e9, before, atHoldStart, atHoldEnd);
    }

    /** Waits until {@link System#nanoTime()} reaches {@code deadline}, telling progress every half second. */
    private void waitUntil(long deadline, LongFunction<String> progressLine) {
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(Math.min(500_000_000L, left));
            progress.accept(progressLine.apply(Math.max(0, deadline - System.nanoTime())));
        }
    }

    /** Dials one connection (asking for the event stream with --sse) and hands it to its read loop. */
    private void connect(InetSocketAddress target, InetSocketAddress source, Tally tally, ReadLoop loop, CountDownLatch dialed) {
        SocketChannel channel = null;
        Receiver.Reading reading = null;
        try {
            try {
                channel = SocketChannel.open();
                reading = receiver.open(channel);
                if (source != null) {
                    channel.bind(source);
                }
                channel.socket().connect(target, Math.toIntExact(CONNECT_TIMEOUT.toMillis()));
            } finally {
                dialed.countDown();
            }
            if (config.events()) {
                channel.write(ByteBuffer.wrap(ConnectionReader.eventsRequest(config.target())));
            }
            loop.add(channel, reading, new ConnectionReader(tally, config.events()));
            tally.connected.increment();
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing is all we wanted
                }
            }
            if (reading != null) {
                reading.close();
            }
            tally.failedToConnect(Reasons.of(e));
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
        return new LoadReport(config.target().toString(), holdSeconds, connections, lagSource(t), LoadReport.Lag.of(t.lags),
                LoadReport.Lag.ofSome(t.kernelLags), LoadReport.Lag.ofSome(t.readerDelays), sequence, server);
    }

    /** The receiver's source, and how many judged lines it left without a kernel time when it gives one. */
    private String lagSource(Tally t) {
        long kernelTimed = t.kernelLags.count();
        long without = t.withoutKernelTime.sum();
        if (kernelTimed == 0 || without == 0) {
            return receiver.source();
        }
        return receiver.source() + " (" + without + " of " + (kernelTimed + without) + " lines came without one: read time only)";
    }
}
