package dev.clock.protocol;

import dev.clock.access.AccessPolicy;
import dev.clock.access.Gcra;
import dev.clock.access.RateLimit;
import dev.clock.net.Listener;
import dev.clock.net.ServerStats;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.time.InstantSource;
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
    private final TcpResponderServer tcp;
    private final UdpResponder udp;
    private final ServerStats stats;
    private final AtomicBoolean started = new AtomicBoolean();
    private final List<Thread> serving = new CopyOnWriteArrayList<>();

    private ProtocolService(String name, String standard, InetSocketAddress address, TcpResponderServer tcp, UdpResponder udp,
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
            ServerSocketChannel listener = TcpResponderServer.listen(new InetSocketAddress(bind, port));
            InetSocketAddress bound = (InetSocketAddress) listener.getLocalAddress();
            DatagramChannel datagrams;
            try {
                datagrams = UdpResponder.open(bound);
            } catch (BindException e) {
                listener.close();
                if (port == 0 && attempt < 20) {
                    continue; // the free TCP port is taken for UDP: try another
                }
                throw e;
            }
            ServerStats stats = new ServerStats();
            RateLimit limit = new RateLimit(Gcra.perSecond(MAX_UDP_REPLIES_PER_SECOND, MAX_UDP_REPLY_BURST), System::nanoTime);
            return new ProtocolService(name, standard, bound,
                    new TcpResponderServer(listener, responder, clock, stats, access, name),
                    new UdpResponder(datagrams, responder, clock, stats, limit, access, name), stats);
        }
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
        return "tcp and udp, " + standard;
    }

    @Override
    public ServerStats stats() {
        return stats;
    }


    @Override
    public void start() {
        if (started.compareAndSet(false, true)) {
            serving.add(Thread.ofVirtual().name("clock-" + name + "-tcp").start(tcp::serve));
            serving.add(Thread.ofVirtual().name("clock-" + name + "-udp").start(udp::serve));
        }
    }


    @Override
    public void close() {
        try {
            tcp.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
        try {
            udp.close();
        } catch (IOException e) {
            // likewise
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
