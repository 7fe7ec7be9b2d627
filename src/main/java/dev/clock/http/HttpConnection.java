package dev.clock.http;

import dev.clock.net.HostPort;
import dev.clock.net.Reasons;
import dev.clock.net.ServerStats;
import dev.clock.broadcast.Broadcast;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * One HTTP connection, served on a virtual thread: reads each request head within the head
 * timeout, answers it, and keeps the connection for the next while the client wants it and its
 * request count allows. A request for the event stream hands the connection to the listener's
 * {@link Broadcast}, and the thread is done: a stream holds no thread, as a stream client holds
 * none.
 */
final class HttpConnection {
    private static final System.Logger LOG = System.getLogger(HttpConnection.class.getName());

    private final SocketChannel channel;
    private final InetSocketAddress remote;
    private final HttpSettings settings;
    private final Site site;
    private final Broadcast streams;
    private final Deadlines deadlines;
    private final ServerStats stats;
    private final BooleanSupplier stopping;
    /** Run once as an event stream's client is seen to depart: its places are free. */
    private final Runnable departed;

    HttpConnection(SocketChannel channel, InetSocketAddress remote, HttpSettings settings, Site site, Broadcast streams,
                   Deadlines deadlines, ServerStats stats, BooleanSupplier stopping, Runnable departed) {
        this.channel = channel;
        this.remote = remote;
        this.settings = settings;
        this.site = site;
        this.streams = streams;
        this.deadlines = deadlines;
        this.stats = stats;
        this.stopping = stopping;
        this.departed = departed;
    }

    /** What comes after a request: another, the end, or the event stream. */
    private enum Next { ANOTHER, CLOSE, EVENTS }

    /**
     * Serves the connection's requests on the caller's thread, and returns once they are over: for
     * its listener to end the connection, or handed to the event stream, whose broadcast then
     * closes it and sees its client depart.
     *
     * @return whether the connection became an event stream
     */
    boolean serve() {
        try {
            if (requests() == Next.EVENTS) {
                // The request's buffers are out of scope here: a stream holds only its socket and its handler.
                channel.configureBlocking(false); // from now on only the broadcast writes, and it never waits
                streams.admit(channel, remote, site.feed().current(), departed);
                return true;
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "http: " + HostPort.format(remote) + ": " + Reasons.of(e));
        }
        return false;
    }

    /** Serves requests until the connection is to close, or has asked for the event stream (whose head is then written). */
    private Next requests() throws IOException {
        HeadReader heads = new HeadReader(channel);
        for (int served = 1; ; served++) {
            byte[] raw;
            Deadlines.HeadWait wait = deadlines.awaitHead(channel, settings.headTimeout());
            try {
                raw = heads.next();
            } catch (HttpError e) {
                refuse(e);
                return Next.CLOSE;
            } catch (IOException e) {
                if (wait.timedOut() || wait.evicted()) {
                    LOG.log(Level.DEBUG, () -> "http: closed " + HostPort.format(remote) + ": " + (wait.evicted()
                            ? "no request head yet, and its place was wanted for a newer connection"
                            : "no request head within " + settings.headTimeout().toMillis() + " ms"));
                    return Next.CLOSE;
                }
                throw e;
            } finally {
                wait.end();
            }
            if (raw == null) {
                return Next.CLOSE; // the client closed between requests
            }
            RequestHead head;
            try {
                head = RequestParser.parse(raw);
            } catch (HttpError e) {
                refuse(e);
                return Next.CLOSE;
            }
            boolean keepAlive = head.keepAlive() && !head.hasBody() && served < settings.maxRequests()
                    && !stopping.getAsBoolean();
            Next next = answer(head, keepAlive);
            if (next != Next.ANOTHER) {
                return next;
            }
        }
    }

    /** Answers one request; says what comes next. */
    private Next answer(RequestHead request, boolean keepAlive) throws IOException {
        if (!site.hosts().accepts(request.host())) {
            LOG.log(Level.DEBUG, () -> "http: " + HostPort.format(remote) + ": 421 for Host " + request.host());
            return write(Reply.text(Status.MISDIRECTED_REQUEST, "misdirected request: this server does not answer to the name "
                    + request.host() + "; name it by its address or localhost, or let it answer this name (--http-host)\n"),
                    request, keepAlive);
        }
        String method = request.method();
        boolean get = method.equals("GET");
        boolean head = method.equals("HEAD");
        if (request.path().equals("*")) { // OPTIONS *, the only request with that target: what the server allows
            return options(keepAlive);
        }
        if (!site.serves(request.path())) {
            return write(Reply.text(Status.NOT_FOUND, "not found: " + request.path() + "; " + site.name() + "\n"), request, keepAlive);
        }
        if (method.equals("OPTIONS")) {
            return options(keepAlive);
        }
        if (!get && !head) {
            return notAllowed(method, keepAlive);
        }
        if (request.path().equals(Site.EVENTS)) {
            Response response = new Response(Status.OK)
                    .field("Content-Type", "text/event-stream; charset=utf-8")
                    .field("Cache-Control", "no-store")
                    .field("X-Accel-Buffering", "no"); // a proxy (nginx) must pass each event on as it comes
            if (head) {
                write(response.streamHead());
                return Next.CLOSE;
            }
            write(concat(response.streamHead(), EventStreamEncoding.RETRY.getBytes(StandardCharsets.US_ASCII)));
            return Next.EVENTS;
        }
        Reply reply;
        try {
            reply = site.resources().get(request.path()).get(request);
        } catch (RuntimeException e) {
            // A fault of this process, not of the client: one line, as every request may repeat it.
            LOG.log(Level.WARNING, "http: " + request.path() + " failed: " + Reasons.of(e));
            LOG.log(Level.DEBUG, "http: " + request.path() + " failed", e);
            reply = Reply.text(Status.INTERNAL_SERVER_ERROR, "internal error: " + request.path() + " failed; see the server's log\n");
        }
        return write(reply, request, keepAlive);
    }

    /** Writes {@code reply} (its head only, for HEAD); says what comes next. */
    private Next write(Reply reply, RequestHead request, boolean keepAlive) throws IOException {
        Response response = new Response(reply.status())
                .field("Content-Type", reply.contentType())
                .field("Cache-Control", reply.cacheControl())
                // Self-contained: the page may fetch from its own origin only, and load nothing else.
                .field("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                        + "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        write(response.bytes(reply.body(), !request.method().equals("HEAD"), keepAlive));
        return keepAlive ? Next.ANOTHER : Next.CLOSE;
    }

    /** OPTIONS: what may be asked, and no body (RFC 9110, 9.3.7). */
    private Next options(boolean keepAlive) throws IOException {
        write(new Response(Status.OK).field("Allow", Response.ALLOWED).bytes(new byte[0], false, keepAlive));
        return keepAlive ? Next.ANOTHER : Next.CLOSE;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private Next notAllowed(String method, boolean keepAlive) throws IOException {
        Response response = Response.text(Status.METHOD_NOT_ALLOWED).field("Allow", Response.ALLOWED);
        write(response.bytes(("method " + method + " not allowed: use " + Response.ALLOWED + "\n")
                .getBytes(StandardCharsets.UTF_8), true, keepAlive));
        return keepAlive ? Next.ANOTHER : Next.CLOSE;
    }

    private Next write(Status status, String body, boolean head, boolean keepAlive) throws IOException {
        write(Response.text(status).bytes(body.getBytes(StandardCharsets.UTF_8), !head, keepAlive));
        return keepAlive ? Next.ANOTHER : Next.CLOSE;
    }

    /** A request this server will not serve: the status and why, then the connection closes. */
    private void refuse(HttpError e) throws IOException {
        LOG.log(Level.DEBUG, () -> "http: " + HostPort.format(remote) + ": " + e.status().code + " " + e.getMessage());
        write(e.status(), e.status().reason.toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage() + "\n", false, false);
    }

    /** Writes {@code bytes} whole, or closes the connection if the client has not taken them within the write timeout. */
    private void write(byte[] bytes) throws IOException {
        Deadlines.HeadWait wait = deadlines.awaitTake(channel, settings.writeTimeout());
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            stats.lineWritten();
        } finally {
            wait.end();
        }
    }
}
