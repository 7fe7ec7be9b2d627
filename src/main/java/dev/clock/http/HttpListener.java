package dev.clock.http;

import dev.clock.access.AccessPolicy;
import dev.clock.net.Acceptor;
import dev.clock.net.HostPort;
import dev.clock.net.Listener;
import dev.clock.net.Refusal;
import dev.clock.net.ServerStats;
import dev.clock.net.Sockets;
import dev.clock.server.Admission;
import dev.clock.server.Broadcast;
import dev.clock.server.ClientPlaces;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clock for browsers: HTTP/1.1 on a port of its own, one virtual thread per connection that
 * reads each request head ({@link HeadReader}, {@link RequestParser}) and answers it. A request for
 * {@link Site#EVENTS} is answered with an event stream's head, after which the connection joins the
 * listener's {@link Broadcast}: its few platform threads write each event, encoded once, to every
 * stream, as the stream listener writes its lines, and the connection's thread is done. An event
 * stream holds its socket and its handler, and no thread; its places are free the moment its
 * client's departure is seen, as the stream listener's are.
 *
 * <p>Every connection holds one of the shared {@link ClientPlaces} ({@code --max-clients}) and one
 * of its source's places in the {@link AccessPolicy}, from its accept until it is closed or, for
 * an event stream, its client's departure is seen (a full server waits a moment for departures
 * under way, as the stream listener does). What a client can make it hold is bounded: 8 KB of
 * head, {@link HttpSettings#headTimeout()} to send it (idle or slow, the connection is closed
 * then), the write timeout to take a response, {@link HttpSettings#maxRequests()} requests per
 * connection.
 */
public final class HttpListener implements Listener {
    private static final System.Logger LOG = System.getLogger(HttpListener.class.getName());
    /** What the kernel may keep of a client's input: a head fits; a flood blocks the client, not us. */
    private static final int RECEIVE_BUFFER_BYTES = 16 * 1024;

    private final HttpSettings settings;
    private final Site site;
    private final Admission admission;
    private final ServerSocketChannel listener;
    private final InetSocketAddress address;
    private final ServerStats stats = new ServerStats();
    private final Broadcast streams;
    private final Deadlines deadlines;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private HttpListener(HttpSettings settings, Site site, ClientPlaces places, AccessPolicy access, ServerSocketChannel listener)
            throws IOException {
        this.settings = settings;
        this.site = site;
        this.admission = new Admission(protocol(), access, places);
        this.listener = listener;
        this.address = (InetSocketAddress) listener.getLocalAddress();
        // An event stream's places are free the moment its departure is seen, as the stream
        // listener's clients' are; any other connection's once its thread has closed it (admit).
        this.streams = new Broadcast(protocol(), new EventStreamEncoding(), settings.fanOutThreads(), settings.writeTimeout(),
                stats, admission::leave);
        this.deadlines = new Deadlines(protocol(), settings.maxWaiting());
        this.acceptor = Thread.ofPlatform().name("clock-http-accept").unstarted(
                () -> new Acceptor(listener, stats, protocol()).run(this::admit));
    }

    /**
     * Binds the listening socket; nothing is accepted until {@link #start()}.
     *
     * @throws IOException if the address cannot be bound
     */
    public static HttpListener bind(HttpSettings settings, Site site, ClientPlaces places, AccessPolicy access) throws IOException {
        ServerSocketChannel listener = Sockets.openServer(settings.address().getAddress());
        try {
            listener.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(settings.address(), 1024);
            return new HttpListener(settings, site, places, access, listener);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    @Override
    public String protocol() {
        return site.protocol();
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public String description() {
        return site.name();
    }

    @Override
    public ServerStats stats() {
        return stats;
    }

    /** Connections open now: reading a request, answering one, or streaming events. */
    @Override
    public int connected() {
        return open.size() + streams.count();
    }

    @Override
    public synchronized void start() {
        if (acceptor.getState() != Thread.State.NEW || closed) {
            return;
        }
        streams.start();
        site.feed().subscribe(streams);
        acceptor.start();
    }

    private void admit(SocketChannel channel) {
        InetSocketAddress remote;
        try {
            remote = (InetSocketAddress) channel.getRemoteAddress();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            Connections.closeQuietly(channel); // reset before we could look at it
            return;
        }
        InetAddress from = remote.getAddress();
        Refusal refusal = admission.enter(from, streams::catchUp);
        if (refusal != null) {
            refuse(channel, remote, refusal);
            return;
        }
        open.add(channel);
        LOG.log(Level.DEBUG, () -> "http: connected: " + HostPort.format(remote));
        HttpConnection connection = new HttpConnection(channel, remote, settings, site, streams, deadlines, stats, () -> closed);
        Thread.startVirtualThread(() -> {
            boolean streaming = false;
            try {
                streaming = connection.serve();
            } finally {
                open.remove(channel); // an event stream is counted by its broadcast from now on
                if (!streaming) {
                    admission.leave(from);
                    LOG.log(Level.DEBUG, () -> "http: disconnected: " + HostPort.format(remote));
                }
            }
        });
    }

    /** Turns a client away: with a 503 saying why, or, for one not welcome, in silence. */
    private void refuse(SocketChannel channel, InetSocketAddress remote, Refusal why) {
        stats.refused(why);
        LOG.log(Level.DEBUG, () -> "http: refused " + HostPort.format(remote) + ": " + why.label());
        String message = Admission.message(why);
        if (message == null) {
            Connections.closeQuietly(channel);
            return;
        }
        try {
            channel.configureBlocking(false); // a new socket's send buffer takes this whole; never wait for it
            channel.write(ByteBuffer.wrap(Response.text(Status.SERVICE_UNAVAILABLE).field("Retry-After", "1")
                    .bytes(message.getBytes(StandardCharsets.UTF_8), true, false)));
        } catch (IOException e) {
            // it left first: nothing to tell it
        }
        Connections.closeGracefully(channel);
    }

    /** Stops accepting, ends every event stream with a FIN, closes every other connection; idempotent, never throws. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        site.feed().unsubscribe(streams);
        Connections.closeQuietly(listener);
        streams.close();
        open.forEach(Connections::closeQuietly);
        deadlines.close();
    }
}
