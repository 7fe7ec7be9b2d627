package dev.clock.server;

import dev.clock.broadcast.Broadcast;
import dev.clock.broadcast.TickEncoding;
import dev.clock.net.Refusal;
import dev.clock.net.ServerStats;
import dev.clock.net.Sockets;
import dev.clock.tcp.Admission;
import dev.clock.tcp.ClientPlaces;
import dev.clock.tcp.Connection;
import dev.clock.tcp.ConnectionHandler;
import dev.clock.tcp.TcpListener;
import dev.clock.access.AccessPolicy;
import dev.clock.tick.TickSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The stream clock, as a protocol on a {@link TcpListener}: each admitted connection joins its
 * {@link Broadcast} (the book's {@code go handleConn(conn)}, without a thread per client), or,
 * when sequential, is served in turn, the accepting thread waiting until it leaves (the book's
 * clock1). Its broadcast delivers every tick, reads what clients send and sees them leave; a
 * client's places are free the moment its departure is seen.
 */
public final class ClockServer implements ConnectionHandler {
    /** What the kernel may buffer of a client's input once it is no longer read: a few KB at most. */
    public static final int RECEIVE_BUFFER_BYTES = 2048;
    /**
     * What the kernel may hold of a client's unsent lines, at least (Linux doubles it and counts its
     * own overhead: measured on loopback, 4 KB holds about 8 KB of nine-byte lines). Small, so that a
     * client that stops reading is found soon after its own receive window fills; left to itself the
     * kernel grows a send buffer to megabytes, days of nine-byte lines.
     */
    static final int SEND_BUFFER_BYTES = 4096;
    private static final byte[] FULL = Admission.message(Refusal.FULL).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PER_SOURCE = Admission.message(Refusal.PER_SOURCE).getBytes(StandardCharsets.US_ASCII);

    private final ServerConfig config;
    private final TickSource ticks;
    private final Broadcast clients;

    private ClockServer(ServerConfig config, TickSource ticks, ServerStats stats) throws IOException {
        this.config = config;
        this.ticks = ticks;
        this.clients = new Broadcast("stream", TickEncoding.LINE, config.fanOutThreads(), config.writeTimeout(), stats);
    }

    /**
     * The stream on {@code listening}, a socket bound by us or handed over; its clients take places
     * of {@code places}, shared with other listeners. Nothing is accepted until it is started.
     */
    public static TcpListener on(ServerSocketChannel listening, ServerConfig config, AccessPolicy access, TickSource ticks,
                                 ClientPlaces places) throws IOException {
        // Inherited by the sockets accepted from now on; a socket we bind has it before binding (bind).
        listening.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
        ServerStats stats = new ServerStats();
        return TcpListener.serving(listening, "stream", new ClockServer(config, ticks, stats),
                new Admission("stream", access, places), stats);
    }

    /** Binds {@code address} and serves the stream there: for tests and tools that want one server alone. */
    public static TcpListener bind(InetSocketAddress address, ServerConfig config, AccessPolicy access, TickSource ticks)
            throws IOException {
        ServerSocketChannel listening = Sockets.listen(address, Sockets.Options.receiveBuffer(RECEIVE_BUFFER_BYTES));
        try {
            return on(listening, config, access, ticks, new ClientPlaces(config.maxClients()));
        } catch (IOException | RuntimeException e) {
            listening.close();
            throw e;
        }
    }

    @Override
    public String description() {
        return config.sequential() ? "sequential" : "concurrent, max " + config.maxClients() + " clients";
    }

    @Override
    public boolean fansOut() {
        return true;
    }

    @Override
    public Dispatch dispatch() {
        return Dispatch.ACCEPTOR; // admitting never waits on a client; sequential waits on purpose
    }

    @Override
    public void configure(SocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        // Room for two whole lines however long the format makes them, so that a reader never
        // has a line cut in two, and little more, so that a non-reader is found soon.
        channel.setOption(StandardSocketOptions.SO_SNDBUF, Math.max(SEND_BUFFER_BYTES, 2 * ticks.current().length()));
        channel.configureBlocking(false); // the fan-out must never wait on one client
    }

    /** A full server and a source with too many say why in a line; one denied or too fast is closed in silence. */
    @Override
    public byte[] refusal(Refusal why) {
        return switch (why) {
            case FULL -> FULL;
            case PER_SOURCE -> PER_SOURCE;
            default -> null;
        };
    }

    @Override
    public boolean catchUp(Duration timeout) {
        clients.catchUp(timeout);
        return false;
    }

    @Override
    public void start() {
        clients.start();
        ticks.subscribe(clients);
    }

    @Override
    public boolean serve(Connection connection) {
        CompletionStage<Void> closed = clients.admit(connection.channel(), connection.remote(), ticks.current(),
                connection::leave);
        if (config.sequential()) {
            closed.toCompletableFuture().join(); // the next client waits until this one has left
        }
        return true;
    }

    /** Ends every client and waits, briefly, for their connections to be closed. */
    @Override
    public void close() {
        ticks.unsubscribe(clients);
        clients.close();
    }
}
