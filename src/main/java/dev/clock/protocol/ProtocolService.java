package dev.clock.protocol;

import dev.clock.net.Listener;
import dev.clock.net.ServerStats;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.InstantSource;

/**
 * One of inetd's clock services, Daytime or Time, over TCP and UDP on the same port, each served
 * on a virtual thread of its own.
 */
public final class ProtocolService implements Listener {
    /** How many datagrams a second get a reply; more are dropped and counted as refused. */
    public static final int MAX_UDP_REPLIES_PER_SECOND = 10_000;

    private final TcpResponderServer tcp;
    private final UdpResponder udp;
    private final ServerStats stats;
    private final InetSocketAddress address;

    private final String name;
    private final String rfc;

    private ProtocolService(String name, String rfc, TcpResponderServer tcp, UdpResponder udp, ServerStats stats) throws IOException {
        this.name = name;
        this.rfc = rfc;
        this.tcp = tcp;
        this.udp = udp;
        this.stats = stats;
        this.address = tcp.address();
    }

    /**
     * Binds TCP and UDP on {@code port} (0: one free port for both) and starts serving.
     *
     * @throws IOException if either cannot be bound
     */
    public static ProtocolService bind(String name, String rfc, InetAddress bind, int port, Responder responder, InstantSource clock)
            throws IOException {
        ServerStats stats = new ServerStats();
        for (int attempt = 0; ; attempt++) {
            ServerSocketChannel listener = TcpResponderServer.listen(new InetSocketAddress(bind, port));
            int bound = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            DatagramChannel datagrams;
            try {
                datagrams = UdpResponder.open(new InetSocketAddress(bind, bound));
            } catch (BindException e) {
                listener.close();
                if (port == 0 && attempt < 20) {
                    continue; // the free TCP port is taken for UDP: try another
                }
                throw e;
            }
            return new ProtocolService(name, rfc,
                    new TcpResponderServer(listener, responder, clock, stats, name),
                    new UdpResponder(datagrams, responder, clock, stats, MAX_UDP_REPLIES_PER_SECOND, name), stats);
        }
    }

    @Override
    public void start() {
        Thread.ofVirtual().name("clock-" + name + "-tcp").start(tcp::serve);
        Thread.ofVirtual().name("clock-" + name + "-udp").start(udp::serve);
    }

    @Override
    public String protocol() {
        return name;
    }

    @Override
    public String description() {
        return "tcp and udp, " + rfc;
    }

    @Override
    public int connected() {
        return 0; // one-shot: nobody stays connected
    }

    /** Where it listens, for TCP and UDP alike. */
    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public ServerStats stats() {
        return stats;
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
    }
}
