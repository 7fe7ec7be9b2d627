package dev.clock.http;

import dev.clock.access.AccessPolicy;
import dev.clock.broadcast.Broadcast;
import dev.clock.net.Refusal;
import dev.clock.net.ServerStats;
import dev.clock.net.Sockets;
import dev.clock.tcp.Admission;
import dev.clock.tcp.ClientPlaces;
import dev.clock.tcp.Connection;
import dev.clock.tcp.ConnectionHandler;
import dev.clock.tcp.TcpListener;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The clock for browsers, as a protocol on a {@link TcpListener}: HTTP/1.1, one virtual thread per
 * connection that reads each request head ({@link HeadReader}, {@link RequestParser}) and answers
 * it. A request for {@link Site#EVENTS} is answered with an event stream's head, after which the
 * connection joins the {@link Broadcast}: its few platform threads write each event, encoded once,
 * to every stream, as the stream listener writes its lines, and the connection's thread is done.
 * An event stream holds its socket and its handler, and no thread; its places are free the moment
 * its client's departure is seen, as the stream listener's are.
 *
 * <p>Every connection holds one of the shared {@link ClientPlaces} ({@code --max-clients}) and one
 * of its source's places in the {@link AccessPolicy}, from its accept until it is closed or, for
 * an event stream, its client's departure is seen. Every refusal but a denied address's is an HTTP
 * answer: 503 with Retry-After. What a client can make it hold is bounded: 8 KB of head,
 * {@link HttpSettings#headTimeout()} to send it (idle or slow, the connection is closed then), the
 * write timeout to take a response, {@link HttpSettings#maxRequests()} requests per connection.
 */
public final class HttpListener implements ConnectionHandler {
    /** What the kernel may keep of a client's input: a head fits; a flood blocks the client, not us. */
    public static final int RECEIVE_BUFFER_BYTES = 16 * 1024;

    private final HttpSettings settings;
    private final Site site;
    private final ServerStats stats;
    private final Broadcast streams;
    private final Deadlines deadlines;
    private volatile boolean closed;

    private HttpListener(HttpSettings settings, Site site, ServerStats stats) throws IOException {
        this.settings = settings;
        this.site = site;
        this.stats = stats;
        this.streams = new Broadcast(site.protocol(), new EventStreamEncoding(), settings.fanOutThreads(), settings.writeTimeout(), stats);
        this.deadlines = new Deadlines(site.protocol(), settings.maxWaiting());
    }

    /**
     * Serves {@code site} on {@code listening}, a socket bound by us or handed over; nothing is
     * accepted until it is started. {@code settings}' address is not used: the socket is where it listens.
     */
    public static TcpListener on(ServerSocketChannel listening, HttpSettings settings, Site site, ClientPlaces places,
                                 AccessPolicy access) throws IOException {
        listening.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
        ServerStats stats = new ServerStats();
        return TcpListener.serving(listening, site.protocol(), new HttpListener(settings, site, stats),
                new Admission(site.protocol(), access, places), stats);
    }

    /**
     * Binds {@code settings}' address and serves {@code site} there; nothing is accepted until it is started.
     *
     * @throws IOException if the address cannot be bound
     */
    public static TcpListener bind(HttpSettings settings, Site site, ClientPlaces places, AccessPolicy access) throws IOException {
        ServerSocketChannel listening = Sockets.listen(settings.address(), Sockets.Options.receiveBuffer(RECEIVE_BUFFER_BYTES));
        try {
            return on(listening, settings, site, places, access);
        } catch (IOException | RuntimeException e) {
            listening.close();
            throw e;
        }
    }

    @Override
    public String description() {
        return site.name();
    }

    @Override
    public boolean fansOut() {
        return true;
    }

    @Override
    public Dispatch dispatch() {
        return Dispatch.VIRTUAL_THREAD;
    }

    @Override
    public void configure(SocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    /** A 503 saying why, with Retry-After, for every refusal but a denied address's, which is closed in silence. */
    @Override
    public byte[] refusal(Refusal why) {
        String message = switch (why) {
            case DENIED -> null;
            case RATE_LIMITED -> "clock: too many new connections from your address, try again in a second\n";
            default -> Admission.message(why);
        };
        if (message == null) {
            return null;
        }
        return Response.text(Status.SERVICE_UNAVAILABLE).field("Retry-After", "1")
                .bytes(message.getBytes(StandardCharsets.UTF_8), true, false);
    }

    @Override
    public boolean catchUp(Duration timeout) {
        streams.catchUp(timeout);
        // A port with room kept for requests that arrive whole (the metrics): the connection that
        // has waited longest on its client, for a head or to take a response, gives its place up.
        return deadlines.evictLongestWaiting();
    }

    @Override
    public void start() {
        streams.start();
        site.feed().subscribe(streams);
    }

    @Override
    public boolean serve(Connection connection) {
        return new HttpConnection(connection.channel(), connection.remote(), settings, site, streams, deadlines, stats,
                () -> closed, connection::leave).serve();
    }

    /** Ends every event stream with a FIN; the listener then closes every other connection. */
    @Override
    public void close() {
        closed = true;
        site.feed().unsubscribe(streams);
        streams.close();
        deadlines.close();
    }
}
