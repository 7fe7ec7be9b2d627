package dev.clock.server;

import dev.clock.access.AccessPolicy;
import dev.clock.net.Acceptor;
import dev.clock.net.HostPort;
import dev.clock.net.Listener;
import dev.clock.net.Refusal;
import dev.clock.net.ServerStats;
import dev.clock.net.Sockets;
import dev.clock.tick.Tick;
import dev.clock.tick.Ticker;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The stream clock server: accepts connections and hands each to its {@link Broadcast} (the
 * book's {@code go handleConn(conn)}, without a thread per client: see {@link ClientHandler}), or,
 * when sequential, serves each in turn, the accepting thread waiting until it leaves (the book's
 * clock1). Its {@link Broadcast} delivers every tick, reads what clients send and sees them leave.
 * Each client holds one of the shared {@link ClientPlaces} until its departure is seen.
 */
public final class ClockServer implements Listener {
    private static final System.Logger LOG = System.getLogger(ClockServer.class.getName());

    /** What the kernel may buffer of a client's input once it is no longer read: a few KB at most. */
    static final int RECEIVE_BUFFER_BYTES = 2048;
    /**
     * What the kernel may hold of a client's unsent lines, at least (Linux doubles it and counts its
     * own overhead: measured on loopback, 4 KB holds about 8 KB of nine-byte lines). Small, so that a
     * client that stops reading is found soon after its own receive window fills; left to itself the
     * kernel grows a send buffer to megabytes, days of nine-byte lines.
     */
    static final int SEND_BUFFER_BYTES = 4096;
    /** The stalled-client sweep's least period: a tiny write timeout must not make an idle server spin. */
    static final Duration MIN_SWEEP_PERIOD = Duration.ofMillis(50);
    static final Duration MAX_SWEEP_PERIOD = Duration.ofSeconds(1);

    private final ServerConfig config;
    private final Ticker ticker;
    private final ServerSocketChannel listener;
    private final ServerStats stats = new ServerStats();
    private final Admission admission;
    private final Broadcast clients;
    private final InetSocketAddress address;
    private final Thread acceptor;
    private volatile boolean closed;

    private ClockServer(ServerConfig config, AccessPolicy access, Ticker ticker, ServerSocketChannel listener, ClientPlaces places)
            throws IOException {
        this.config = config;
        this.ticker = ticker;
        this.listener = listener;
        this.admission = new Admission(protocol(), access, places);
        this.address = (InetSocketAddress) listener.getLocalAddress();
        // A client's place, and its source's, are free the moment its departure is seen.
        this.clients = new Broadcast(protocol(), TickEncoding.LINE, config.fanOutThreads(), config.writeTimeout(), stats,
                admission::leave);
        this.acceptor = Thread.ofPlatform().name("clock-accept").unstarted(
                () -> new Acceptor(listener, stats, protocol()).run(this::admit));
    }

    /**
     * Binds the listening socket. Nothing is accepted until {@link #start()}.
     *
     * @throws IOException if the address cannot be bound (in use, not local, not permitted)
     */
    public static ClockServer bind(ServerConfig config, AccessPolicy access, Ticker ticker) throws IOException {
        return bind(config, false, access, ticker, new ClientPlaces(config.maxClients()));
    }

    /**
     * As {@link #bind(ServerConfig, AccessPolicy, Ticker)}, its clients taking places of {@code places},
     * shared with other listeners. With {@code reusePort}, the port is shared with every other socket
     * of the same user that asked for it too (SO_REUSEPORT), and the kernel spreads new connections
     * over them by a hash of each connection's addresses.
     */
    public static ClockServer bind(ServerConfig config, boolean reusePort, AccessPolicy access, Ticker ticker, ClientPlaces places)
            throws IOException {
        ServerSocketChannel listener = Sockets.openServer(config.address().getAddress());
        try {
            // Set before bind so that accepted sockets inherit it and the window is sized to it.
            listener.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (reusePort) {
                if (!listener.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    throw new IOException("this system cannot share a port between processes (no SO_REUSEPORT)");
                }
                // Only before bind: a socket joins a port's group as it binds.
                listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            listener.bind(config.address(), 4096);
            return new ClockServer(config, access, ticker, listener, places);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /**
     * Serves a socket that another process bound and listens on (systemd's socket activation,
     * inetd's {@code wait}), as {@link #bind} serves its own. Nothing is accepted until {@link #start()}.
     */
    public static ClockServer adopt(ServerSocketChannel listening, ServerConfig config, AccessPolicy access, Ticker ticker,
                                    ClientPlaces places) throws IOException {
        listening.configureBlocking(true);
        // Inherited by the sockets accepted from now on, as bind() sets it before binding.
        listening.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
        return new ClockServer(config, access, ticker, listening, places);
    }

    @Override
    public String protocol() {
        return "stream";
    }

    /** The address actually listened on: the real port when 0 was asked for. */
    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public String description() {
        return config.sequential() ? "sequential" : "concurrent, max " + config.maxClients() + " clients";
    }

    @Override
    public ServerStats stats() {
        return stats;
    }

    @Override
    public int connected() {
        return clients.count();
    }

    /** Starts accepting, on a platform thread of its own ({@code clock-accept}), and delivering ticks. */
    @Override
    public synchronized void start() {
        if (acceptor.getState() != Thread.State.NEW || closed) {
            return;
        }
        clients.start();
        ticker.subscribe(clients);
        acceptor.start();
    }

    private void admit(SocketChannel channel) {
        SocketAddress remote;
        Tick first = ticker.current();
        try {
            remote = channel.getRemoteAddress();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            // Room for two whole lines however long the format makes them, so that a reader never
            // has a line cut in two, and little more, so that a non-reader is found soon.
            channel.setOption(StandardSocketOptions.SO_SNDBUF, Math.max(SEND_BUFFER_BYTES, 2 * first.length()));
            channel.configureBlocking(false); // the fan-out must never wait on one client
        } catch (IOException e) {
            // reset before we could look at it
            closeQuietly(channel);
            return;
        }
        Refusal refusal = admission.enter(((InetSocketAddress) remote).getAddress(), clients::catchUp);
        if (refusal != null) {
            refuse(channel, remote, refusal);
            return;
        }
        LOG.log(Level.DEBUG, () -> "connected: " + HostPort.format(remote));
        CompletionStage<Void> closed = clients.admit(channel, remote, first);
        if (config.sequential()) {
            closed.toCompletableFuture().join(); // the next client waits until this one has left
        }
    }

    /** Turns a client away: with one line saying why, or, for one not welcome, in silence. */
    private void refuse(SocketChannel channel, SocketAddress remote, Refusal why) {
        stats.refused(why);
        LOG.log(Level.DEBUG, () -> "refused " + HostPort.format(remote) + ": " + why.label());
        String message = Admission.message(why);
        try (channel) {
            if (message != null) {
                // A new socket's send buffer is empty: this write goes out whole.
                channel.write(ByteBuffer.wrap(message.getBytes(StandardCharsets.US_ASCII)));
            }
        } catch (IOException e) {
            // it left first: nothing to tell it
        }
    }

    /** A tenth of the write timeout, so that a drop comes at most that much late, within bounds. */
    static Duration sweepPeriod(Duration writeTimeout) {
        Duration period = writeTimeout.dividedBy(10);
        if (period.compareTo(MIN_SWEEP_PERIOD) < 0) {
            return MIN_SWEEP_PERIOD;
        }
        return period.compareTo(MAX_SWEEP_PERIOD) > 0 ? MAX_SWEEP_PERIOD : period;
    }

    /** Stops accepting, ends every client and waits, briefly, for their connections to be closed. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        ticker.unsubscribe(clients);
        closeQuietly(listener);
        clients.close();
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }
}
