package dev.clock.load;

import dev.clock.net.HostPort;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Loads an NTP server on loopback with client requests from a few UDP sockets, each a platform
 * thread that keeps its share of {@link NtpLoadConfig#outstanding()} requests in flight: a closed
 * loop, so it finds the server's saturation without flooding its socket buffer. Platform threads
 * because each is busy all the time and the figure is the server's, not the scheduler's.
 */
public final class NtpLoadGenerator {
    private final NtpLoadConfig config;
    private final Consumer<String> progress;

    /** @param progress told a one-line state every half second */
    public NtpLoadGenerator(NtpLoadConfig config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
    }

    /**
     * @throws IllegalArgumentException if the target is not on loopback, or sources are asked of an IPv6 one
     * @throws IOException              if it cannot be resolved, a socket cannot be opened, or the server's process cannot be read
     */
    public NtpLoadReport run() throws IOException, InterruptedException {
        HostPort hostPort = config.target();
        InetAddress address = InetAddress.getByName(hostPort.host());
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException(HostPort.format(address) + " is not a loopback address: NTP load is for "
                    + "loopback only, e.g. 127.0.0.1:" + hostPort.port());
        }
        if (config.sources() > 1 && !(address instanceof Inet4Address)) {
            throw new IllegalArgumentException("--sources spreads over 127.0.0.1 onwards: load an IPv4 address, e.g. 127.0.0.1:"
                    + hostPort.port());
        }
        InetSocketAddress target = new InetSocketAddress(address, hostPort.port());
        NtpTally tally = new NtpTally();
        long start = System.nanoTime();
        long holdStart = start + config.settle().toNanos();
        long holdEnd = holdStart + config.hold().toNanos();

        List<NtpSocketWorker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int sockets = config.sockets();
        for (int w = 0; w < sockets; w++) {
            int window = config.outstanding() / sockets + (w < config.outstanding() % sockets ? 1 : 0);
            int sources = config.sources();
            // Socket w takes sources w, w + sockets, w + 2 * sockets, ...; with fewer sources than sockets, they share.
            int first = sources == 1 ? 0 : w % sources;
            int count = sources == 1 ? 0 : sources < sockets ? 1 : (sources - w + sockets - 1) / sockets;
            NtpSocketWorker worker = new NtpSocketWorker(target, first, sockets, count, config.perSource(), window, tally,
                    holdStart, holdEnd, ThreadLocalRandom.current().nextLong());
            workers.add(worker);
            threads.add(Thread.ofPlatform().daemon().name("clock-load-ntp-" + w).start(worker));
        }

        waitUntil(holdStart, left -> String.format(Locale.ROOT, "warming up: %d answered, %.0f s left",
                tally.answeredAll.sum(), left / 1e9));
        ProcessSample atHoldStart = sample();
        waitUntil(holdEnd, left -> String.format(Locale.ROOT, "holding: %d sent, %d replies, %d KoD, %d lost, %.0f s left",
                tally.sent.sum(), tally.replies.sum(), tally.kissesOfDeath.sum(), tally.lost.sum(), left / 1e9));
        ProcessSample atHoldEnd = sample();
        for (Thread thread : threads) {
            // Each ends once what it has in flight is answered or lost, a second at most.
            thread.join(Duration.ofNanos(NtpSocketWorker.LOST_AFTER_NANOS).plusSeconds(5));
        }
        if (tally.failure.get() != null) {
            throw new IOException(tally.failure.get());
        }
        NtpRoundTrips roundTrips = new NtpRoundTrips();
        workers.forEach(w -> roundTrips.add(w.roundTrips()));
        return report(tally, roundTrips, atHoldStart, atHoldEnd);
    }

    private void waitUntil(long deadline, LongFunction<String> progressLine) {
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(Math.min(500_000_000L, left));
            progress.accept(progressLine.apply(Math.max(0, deadline - System.nanoTime())));
        }
    }

    private ProcessSample sample() throws IOException {
        return ProcessSample.ofServer(config.serverPid());
    }

    private NtpLoadReport report(NtpTally t, NtpRoundTrips roundTrips, ProcessSample holdStart, ProcessSample holdEnd) {
        double holdSeconds = config.hold().toNanos() / 1e9;
        long replies = t.replies.sum();
        var requests = new NtpLoadReport.Requests(t.sent.sum(), replies, replies / holdSeconds, t.kissesOfDeath.sum(),
                t.lost.sum(), t.invalid.sum(), t.firstInvalid.get());
        Optional<NtpLoadReport.Server> server = Optional.empty();
        if (holdStart != null) {
            double cpu = holdEnd.cpuSeconds() - holdStart.cpuSeconds();
            server = Optional.of(new NtpLoadReport.Server(config.serverPid().getAsLong(), cpu,
                    replies == 0 ? Double.NaN : cpu * 1e6 / replies));
        }
        return new NtpLoadReport(config.target().toString(), holdSeconds, config.sockets(), config.sources(), requests,
                NtpLoadReport.RoundTrip.of(roundTrips), server);
    }
}
