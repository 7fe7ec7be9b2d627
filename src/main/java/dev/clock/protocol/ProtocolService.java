package dev.clock.protocol;

import dev.clock.access.AccessPolicy;
import dev.clock.access.Gcra;
import dev.clock.access.RateLimit;
import dev.clock.net.Counts;
import dev.clock.net.Listener;
import dev.clock.net.Refusal;
import dev.clock.net.ServerStats;
import dev.clock.net.Sockets;
import dev.clock.tcp.Admission;
import dev.clock.tcp.ClientPlaces;
import dev.clock.tcp.TcpListener;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One of inetd's clock services, Daytime or Time, over TCP and UDP on the same port, each served
 * on a virtual thread of its own.
 */
public final class ProtocolService implements Listener {
    /** How many datagrams a second get a reply; more are dropped and counted as refused. */
    public static final int MAX_UDP_REPLIES_PER_SECOND = 10_000;
    /** How many of those may go at once: a tenth of a second's worth, so that no flood gets a pulse of replies. */
    public static final int MAX_UDP_REPLY_BURST = 1_000;

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    private final String name;
    private final String standard;
    private final InetSocketAddress address;
    private final TcpListener tcp;
    private final UdpResponder udp;
    private final ServerStats stats;
    private final AtomicBoolean started = new AtomicBoolean();
    private final List<Thread> serving = new CopyOnWriteArrayList<>();

    private ProtocolService(String name, String standard, InetSocketAddress address, TcpListener tcp, UdpResponder udp,
                            ServerStats stats) {
        this.name = name;
        this.standard = standard;
        this.address = address;
        this.tcp = tcp;
        this.udp = udp;
        this.stats = stats;
    }

    /**
     * Binds TCP and UDP on {@code port} (0: one free port for both); serves from {@link #start()}.
     *
     * @param name     the protocol's name: {@code daytime}, {@code time}
     * @param standard what defines it, for the start line: {@code RFC 867}
     * @param access   who may ask, how often, and from which ports: its loop guard, shared by every
     *                 datagram door of the process, learns this one's address and port
     * @throws IOException if either cannot be bound
     */
    public static ProtocolService bind(String name, String standard, InetAddress bind, int port, Responder responder,
                                       InstantSource clock, AccessPolicy access) throws IOException {
        for (int attempt = 0; ; attempt++) {
            ServerSocketChannel listener = Sockets.listen(new InetSocketAddress(bind, port), TCP);
            InetSocketAddress bound = (InetSocketAddress) listener.getLocalAddress();
            DatagramChannel datagrams;
            try {
                datagrams = Sockets.datagram(bound, UDP);
            } catch (BindException e) {
                listener.close();
                if (port == 0 && attempt < 20) {
                    continue; // the free TCP port is taken for UDP: try another
                }
                throw e;
            }
            return on(name, standard, listener, datagrams, responder, clock, access);
        }
    }

    /** How its TCP socket is bound. */
    public static final Sockets.Options TCP = Sockets.Options.receiveBuffer(0);
    /**
     * How its UDP socket is bound: room for a burst while the one thread is busy. A flood is
     * refused cheaply, but the kernel drops what overflows this queue before any check, a real
     * client's request too.
     */
    public static final Sockets.Options UDP = Sockets.Options.receiveBuffer(1024 * 1024);

    /**
     * Serves on sockets bound already, by us or handed over: {@code tcp} listening and {@code udp}
     * bound, on the same port as a rule; serves from {@link #start()}. Handed over, either may be
     * null (systemd may pass only one of the two): it then serves the other alone.
     */
    public static ProtocolService on(String name, String standard, ServerSocketChannel tcp, DatagramChannel udp,
                                     Responder responder, InstantSource clock, AccessPolicy access)
            throws IOException {
        if (tcp == null && udp == null) {
            throw new IllegalArgumentException(name + " needs a TCP or a UDP socket");
        }
        InetSocketAddress bound = (InetSocketAddress) (tcp != null ? tcp.getLocalAddress() : udp.getLocalAddress());
        ServerStats stats = new ServerStats();
        TcpListener listener = null;
        if (tcp != null) {
            tcp.configureBlocking(true);
            // One-shot: a connection holds its source's place for its reply, and no client place.
            listener = TcpListener.serving(tcp, name, new TcpResponderServer(responder, clock, stats),
                    new Admission(name, access, new ClientPlaces(Integer.MAX_VALUE)), stats);
        }
        UdpResponder datagrams = null;
        if (udp != null) {
            udp.configureBlocking(true);
            RateLimit limit = new RateLimit(Gcra.perSecond(MAX_UDP_REPLIES_PER_SECOND, MAX_UDP_REPLY_BURST), System::nanoTime);
            datagrams = new UdpResponder(udp, responder, clock, stats, limit, access, name);
        }
        return new ProtocolService(name, standard, bound, listener, datagrams, stats);
    }

    @Override
    public String protocol() {
        return name;
    }

    /** Where it listens, for TCP and UDP alike. */
    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public String description() {
        return (tcp == null ? "udp, " : udp == null ? "tcp, " : "tcp and udp, ") + standard;
    }

    @Override
    public ServerStats stats() {
        return stats;
    }


    /** No clients held, no fan-out; a datagram can come from a service's port. */
    @Override
    public Counts counts() {
        return new Counts(false, EnumSet.of(Refusal.DENIED, Refusal.PER_SOURCE, Refusal.RATE_LIMITED, Refusal.SOURCE_PORT),
                false, true, false);
    }

    @Override
    public void start() {
        if (started.compareAndSet(false, true)) {
            if (tcp != null) {
                tcp.start();
            }
            if (udp != null) {
                serving.add(Thread.ofVirtual().name("clock-" + name + "-udp").start(udp::serve));
            }
        }
    }


    @Override
    public void close() {
        if (tcp != null) {
            tcp.close();
        }
        try {
            if (udp != null) {
                udp.close();
            }
        } catch (IOException e) {
            // closing is all we wanted
        }
        // A socket closed while a thread waits in it is released only when that thread leaves:
        // waiting for them means the port is free when close() returns.
        try {
            for (Thread thread : serving) {
                thread.join(CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
