package dev.clock.ntp;

import dev.clock.access.AccessPolicy;
import dev.clock.kernel.KernelReceive;
import dev.clock.net.HostPort;
import dev.clock.net.Counts;
import dev.clock.net.Listener;
import dev.clock.net.Refusal;
import dev.clock.net.ServerStats;
import dev.clock.net.Sockets;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * NTP server mode (RFC 5905) over UDP, serving the host's own clock as a local reference: stratum
 * 10 by default and reference ID {@code LOCL}, as chrony's {@code local} directive does, since it
 * cannot know how good that clock is.
 *
 * <p>Only client requests (mode 3, versions 1 to 4, at least 48 bytes) are answered, with 48 bytes,
 * so it is never an amplifier; everything else is dropped without a word (see {@link NtpDrop}).
 * Each client (an IPv4 address or an IPv6 /64) is rate-limited (see {@link NtpConfig}), and no
 * datagram from a service's port or one of this process's own is answered (the {@link
 * dev.clock.access.LoopGuard} of its access policy, with NTP's 123 allowed from other hosts).
 *
 * <p>Counting, in {@link #stats()}: every datagram is {@code accepted}; a time reply written is a
 * {@code lineWritten}; a request over its rate limit is {@code refused(RATE_LIMITED)}, whether it
 * is then dropped or answered with a Kiss-o'-Death. Besides: {@link #droppedCount(NtpDrop)} and
 * {@link #kissOfDeathCount()}. Every accepted datagram is exactly one of: a reply written, a write
 * failed, a Kiss-o'-Death sent, a drop.
 *
 * <p>A request's receive time is the kernel's, as chronyd takes it, where the JVM can have it (see
 * {@link KernelReceive}) and the clock served is the system's; else the clock's, read as soon as
 * the serving thread wakes with the request.
 */
public final class NtpServer implements Listener {
    private static final System.Logger LOG = System.getLogger(NtpServer.class.getName());
    /** Room for a header with extension fields and a MAC; anything longer is cut, and needs no more. */
    private static final int RECEIVE_BUFFER = 512;
    /** How long {@link #close()} waits for the serving thread to let go of the port. */
    private static final Duration CLOSING = Duration.ofSeconds(5);

    private final DatagramChannel channel;
    private final Requests requests;
    private final InetSocketAddress address;
    private final InstantSource clock;
    private final NtpConfig config;
    private final int precision;
    private final int kissPoll;
    private final RequestCheck check;
    private final RateLimiter limiter;
    private final AccessPolicy access;
    private final ServerStats stats = new ServerStats();
    private final Map<NtpDrop, LongAdder> dropped = new EnumMap<>(NtpDrop.class);
    private final LongAdder kisses = new LongAdder();
    /** Set by the first of start() and close(): which of them releases {@link #requests}. */
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile Thread serving;

    private NtpServer(DatagramChannel channel, Requests requests, InstantSource clock, NtpConfig config, AccessPolicy access)
            throws IOException {
        this.channel = channel;
        this.requests = requests;
        this.access = access;
        this.address = (InetSocketAddress) channel.getLocalAddress();
        this.clock = clock;
        this.config = config;
        this.precision = Precision.measure(clock);
        this.kissPoll = Precision.log2Seconds(config.rateInterval().toNanos());
        access.loopGuard().own(address); // every datagram door of the process now leaves it unanswered
        this.check = new RequestCheck(access.loopGuard());
        this.limiter = config.rateLimited()
                ? new RateLimiter(config.rateInterval(), config.rateBurst(), config.kodEvery(), config.rateTableSize()) : null;
        for (NtpDrop reason : NtpDrop.values()) {
            dropped.put(reason, new LongAdder());
        }
    }

    /**
     * Binds UDP at {@code address} (port 0: a free one) to serve {@code clock}; serves from {@link #start()}.
     *
     * @throws IOException if the address cannot be bound
     */
    public static NtpServer bind(InetSocketAddress address, InstantSource clock, NtpConfig config, AccessPolicy access)
            throws IOException {
        DatagramChannel channel = Sockets.datagram(address, UDP);
        try {
            return on(channel, clock, config, access);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** How its socket is bound. */
    public static final Sockets.Options UDP = Sockets.Options.receiveBuffer(256 * 1024);

    /** Serves on {@code channel}, bound already, by us or handed over; serves from {@link #start()}. */
    public static NtpServer on(DatagramChannel channel, InstantSource clock, NtpConfig config, AccessPolicy access)
            throws IOException {
        channel.configureBlocking(true);
        return new NtpServer(channel, requests(channel, clock), clock, config, access);
    }

    private static Requests requests(DatagramChannel channel, InstantSource clock) {
        // The kernel stamps by the system's real-time clock: no use for a server of another clock.
        if (readsSystemClock(clock)) {
            var kernel = KernelReceive.available();
            if (kernel.isPresent()) {
                try {
                    return KernelStampedRequests.open(kernel.get(), channel, clock);
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, () -> "ntp: no kernel receive timestamps: " + e.getMessage());
                }
            }
        }
        return new ClockedRequests(channel, clock);
    }

    private static boolean readsSystemClock(InstantSource clock) {
        return clock == InstantSource.system() || clock instanceof Clock c && c.equals(Clock.system(c.getZone()));
    }

    @Override
    public String protocol() {
        return "ntp";
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public String description() {
        String receive = requests.description();
        return "udp, stratum " + config.stratum() + " LOCL, " + config.describeRateLimit() + (receive.isEmpty() ? "" : ", " + receive);
    }

    @Override
    public ServerStats stats() {
        return stats;
    }


    /**
     * No clients held, no connections, no fan-out; refused only when denied or over its rate (a
     * request from a service's port is a drop, counted by {@link #droppedCount}).
     */
    @Override
    public Counts counts() {
        return new Counts(false, EnumSet.of(Refusal.DENIED, Refusal.RATE_LIMITED), false, false, false);
    }

    @Override
    public void start() {
        if (started.compareAndSet(false, true)) {
            // A platform thread, measured to matter: the receive time is read when the thread wakes,
            // and a virtual thread wakes later (through the poller and the scheduler), which chronyd
            // saw as an offset of 165 µs median and 580 µs worst on loopback, against 45 µs and 195 µs
            // (bench/ntp, docs/benchmarks.md "NTP against chronyd").
            // With the kernel's receive time that matters less, but a reply still waits for it.
            serving = Thread.ofPlatform().daemon().name("clock-ntp-" + address.getPort()).start(this::serve);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
        access.loopGuard().release(address);
        if (started.compareAndSet(false, true)) {
            requests.release(); // never served: nobody else will
            return;
        }
        requests.wakeUp();
        Thread thread = serving;
        if (thread != null && thread != Thread.currentThread()) {
            // Its port is free once the serving thread has let go of it.
            try {
                thread.join(CLOSING);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The settings it serves with. */
    public NtpConfig config() {
        return config;
    }

    /** The precision its replies report, log2 seconds, measured from the clock when bound. */
    public int precision() {
        return precision;
    }

    /** Datagrams dropped without a reply, for {@code reason}. */
    public long droppedCount(NtpDrop reason) {
        return dropped.get(reason).sum();
    }

    /** Kiss-o'-Death {@code RATE} replies sent to clients over their rate limit. */
    public long kissOfDeathCount() {
        return kisses.sum();
    }

    /** Client addresses its rate limit remembers now; never more than {@link NtpConfig#rateTableSize()}. */
    public int rateTableSize() {
        return limiter == null ? 0 : limiter.size();
    }

    private void serve() {
        try {
            serveRequests();
        } finally {
            requests.release();
        }
    }

    private void serveRequests() {
        ByteBuffer request = ByteBuffer.allocateDirect(RECEIVE_BUFFER);
        ByteBuffer reply = ByteBuffer.allocateDirect(NtpPacket.HEADER_LENGTH);
        while (channel.isOpen()) {
            InetSocketAddress client;
            long receive;
            try {
                client = requests.take(request);
                if (client == null) {
                    return;
                }
                receive = requests.receivedAt();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "ntp: " + e.getMessage());
                continue;
            }
            stats.accepted();
            request.flip();
            NtpDrop drop = check.verdict(request, client);
            if (drop != null) {
                dropped.get(drop).increment();
                continue;
            }
            if (access.listed(client.getAddress(), "ntp") != AccessPolicy.Verdict.ADMITTED) {
                stats.refused(Refusal.DENIED);
                continue;
            }
            switch (limiter == null ? RateLimiter.Decision.ANSWER : limiter.decide(client.getAddress(), System.nanoTime())) {
                case ANSWER -> {
                    NtpPacket.timeReply(request, reply, config.stratum(), precision, receive,
                            limiter == null ? NtpPacket.SHORTEST_POLL : kissPoll);
                    // Stamped as late as it can be: only the send is left.
                    reply.putLong(NtpPacket.TRANSMIT_TIME, NtpTimestamp.of(clock.instant()));
                    if (send(reply, client)) {
                        stats.lineWritten();
                    }
                }
                case KISS_OF_DEATH -> {
                    stats.refused(Refusal.RATE_LIMITED);
                    NtpPacket.rateKiss(request, reply, precision, kissPoll);
                    if (send(reply, client)) {
                        kisses.increment();
                    }
                }
                case DROP -> {
                    stats.refused(Refusal.RATE_LIMITED);
                    dropped.get(NtpDrop.RATE_LIMITED).increment();
                }
            }
        }
    }

    private boolean send(ByteBuffer reply, InetSocketAddress client) {
        try {
            if (requests.send(reply, client)) {
                return true;
            }
            stats.writeFailed();
            LOG.log(Level.DEBUG, () -> "ntp: reply to " + HostPort.format(client) + ": no room in the socket's send buffer");
            return false;
        } catch (ClosedChannelException e) {
            return false;
        } catch (IOException e) {
            stats.writeFailed();
            LOG.log(Level.DEBUG, () -> "ntp: reply to " + HostPort.format(client) + ": " + e.getMessage());
            return false;
        }
    }
}
