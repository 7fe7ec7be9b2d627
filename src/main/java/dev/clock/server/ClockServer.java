package dev.clock.server;

import dev.clock.net.Acceptor;
import dev.clock.net.Listener;
import dev.clock.net.Refusal;
import dev.clock.net.ServerStats;
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

/**
 * The stream clock server: accepts connections and gives each a {@link ClientHandler} on a
 * virtual thread of its own (the book's {@code go handleConn(conn)}), or, when sequential, serves
 * each in turn on the accepting thread (the book's clock1). Its {@link FanOut} delivers every tick.
 */
public final class ClockServer implements Listener {
    private static final System.Logger LOG = System.getLogger(ClockServer.class.getName());
    static final String FULL_MESSAGE = "clock: server full, try again later\n";

    private final ServerConfig config;
    private final Ticker ticker;
    private final ServerSocketChannel listener;
    private final ServerStats stats = new ServerStats();
    private final Clients clients;
    private final FanOut fanOut;
    private final InetSocketAddress address;
    private volatile boolean closed;
    /** Clients admitted so far; only the accepting thread counts them. */
    private long admitted;

    private ClockServer(ServerConfig config, Ticker ticker, ServerSocketChannel listener) throws IOException {
        this.config = config;
        this.ticker = ticker;
        this.listener = listener;
        this.address = (InetSocketAddress) listener.getLocalAddress();
        // Loaded now, not on a client's first departure: out of descriptors, a class file that
        // is not in an open jar cannot be opened, and the departure would fail.
        ClientHandler.Ending.values();
        this.clients = new Clients(config.fanOutThreads(), stats);
        this.fanOut = new FanOut(clients, stats);
        ticker.subscribe(fanOut);
    }

    /**
     * Binds the listening socket. Nothing is accepted until {@link #serve()}.
     *
     * @throws IOException if the address cannot be bound (in use, not local, not permitted)
     */
    public static ClockServer bind(ServerConfig config, Ticker ticker) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            // Set before bind so that accepted sockets inherit it and the window is sized to it.
            listener.setOption(StandardSocketOptions.SO_RCVBUF, ServerConfig.RECEIVE_BUFFER_BYTES);
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(config.address(), 4096);
            return new ClockServer(config, ticker, listener);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /**
     * Serves a socket that another process bound and listens on (systemd's socket activation,
     * inetd's {@code wait}), as {@link #bind} serves its own. Nothing is accepted until {@link #serve()}.
     */
    public static ClockServer adopt(ServerSocketChannel listening, ServerConfig config, Ticker ticker) throws IOException {
        listening.configureBlocking(true);
        // Inherited by the sockets accepted from now on, as bind() sets it before binding.
        listening.setOption(StandardSocketOptions.SO_RCVBUF, ServerConfig.RECEIVE_BUFFER_BYTES);
        return new ClockServer(config, ticker, listening);
    }

    @Override
    public String protocol() {
        return "stream";
    }

    @Override
    public String description() {
        return (config.sequential() ? "sequential" : "concurrent") + ", max " + config.maxClients() + " clients";
    }

    @Override
    public int connected() {
        return clients.count();
    }

    @Override
    public void start() {
        Thread.ofPlatform().name("clock-accept").start(this::serve);
    }

    /** The address actually listened on: the real port when 0 was asked for. */
    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public ServerStats stats() {
        return stats;
    }

    /** Clients connected now. */
    public int clientCount() {
        return clients.count();
    }

    /** Accepts and serves clients until {@link #close()}. */
    public void serve() {
        Thread reaper = Thread.ofVirtual().name("clock-slow-client-reaper").start(this::reapStuckClients);
        try {
            new Acceptor(listener, stats, "stream").run(this::admit);
        } finally {
            reaper.interrupt();
        }
    }

    private void admit(SocketChannel channel) {
        SocketAddress remote;
        try {
            remote = channel.getRemoteAddress();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false); // the fan-out must never wait on one client
        } catch (IOException e) {
            // reset before we could look at it
            closeQuietly(channel);
            return;
        }
        if (clients.count() >= config.maxClients()) {
            refuseFull(channel, remote);
            return;
        }
        ClientHandler client = new ClientHandler(++admitted, channel, remote, ticker, clients);
        clients.add(client);
        LOG.log(Level.DEBUG, () -> "connected: " + remote);
        if (config.sequential()) {
            client.run();
        } else {
            Thread.startVirtualThread(client);
        }
    }

    private void refuseFull(SocketChannel channel, SocketAddress remote) {
        stats.refused(Refusal.FULL);
        LOG.log(Level.DEBUG, () -> "refused " + remote + ": " + config.maxClients() + " clients already");
        try (channel) {
            // A new socket's send buffer is empty: this write goes out whole.
            channel.write(ByteBuffer.wrap(FULL_MESSAGE.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            // it left first: nothing to tell it
        }
    }

    private void reapStuckClients() {
        Duration timeout = config.writeTimeout();
        Duration period = timeout.dividedBy(10);
        if (period.compareTo(Duration.ofSeconds(1)) > 0) {
            period = Duration.ofSeconds(1);
        }
        try {
            while (!closed) {
                Thread.sleep(period);
                clients.dropStuck(timeout);
            }
        } catch (InterruptedException e) {
            // the server stopped
        }
    }

    /** Stops accepting and closes every client. */
    @Override
    public void close() {
        closed = true;
        ticker.unsubscribe(fanOut);
        closeQuietly(listener);
        clients.endAll();
        fanOut.close();
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }
}
