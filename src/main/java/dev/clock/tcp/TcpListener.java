package dev.clock.tcp;

import dev.clock.net.Acceptor;
import dev.clock.net.Counts;
import dev.clock.net.HostPort;
import dev.clock.net.Listener;
import dev.clock.net.Refusal;
import dev.clock.net.ServerStats;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One TCP door, whatever its protocol: Go's {@code Server.Serve(l net.Listener)}. It is given a
 * socket already bound (by the service, by systemd, by inetd) and never binds one itself; it
 * accepts (with the {@link Acceptor}'s backoff), admits each connection through the
 * {@link Admission} (the access policy, then a place), turns away the rest in one way (the
 * protocol's refusal bytes, written without waiting, then a graceful close), and hands each
 * admitted one to its {@link ConnectionHandler}, ending it in one place once the handler is done
 * with it. A connection handed over (to a fan-out) is ended by whoever took it.
 *
 * <p>{@link #connected()} is one count, raised as a connection is admitted and lowered as it
 * {@linkplain Connection#leave() leaves}, once: a connection handed over is not counted twice
 * while it changes hands.
 *
 * <p>It can also serve one connection handed over already accepted (inetd's {@code nowait}),
 * through the same admission: {@link #ended()} completes when that client has gone.
 */
public final class TcpListener implements Listener {
    private static final System.Logger LOG = System.getLogger(TcpListener.class.getName());
    /** Unread input discarded before a close, at most: what a client may have sent ahead. */
    private static final int DISCARD_BYTES = 64 * 1024;
    /** How long a stop waits for the connections it ended to give their places back. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

    private final String protocol;
    /** Before each log line: the protocol's name, but for the stream's, whose lines keep the form they always had. */
    private final String logPrefix;
    private final InetSocketAddress address;
    /** The listening socket, or null for one connection handed over. */
    private final ServerSocketChannel listening;
    /** The one connection handed over, or null. */
    private final SocketChannel one;
    private final ConnectionHandler handler;
    private final Admission admission;
    private final ServerStats stats;
    private final Thread acceptor;
    /** Connections in {@link ConnectionHandler#serve}: ended by a stop. */
    private final Set<Connection> serving = ConcurrentHashMap.newKeySet();
    /** Admitted and not yet left; guarded by itself for the wait of a stop. */
    private int connected;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile boolean closed;
    /** A test's seam: runs after a handler's serve returned, before the listener's own part. */
    private volatile Runnable afterServe = () -> { };

    private TcpListener(String protocol, InetSocketAddress address, ServerSocketChannel listening, SocketChannel one,
                        ConnectionHandler handler, Admission admission, ServerStats stats) {
        this.protocol = Objects.requireNonNull(protocol);
        this.logPrefix = protocol.equals("stream") ? "" : protocol + ": ";
        this.address = Objects.requireNonNull(address);
        this.listening = listening;
        this.one = one;
        this.handler = Objects.requireNonNull(handler);
        this.admission = Objects.requireNonNull(admission);
        this.stats = Objects.requireNonNull(stats);
        String thread = protocol.equals("stream") ? "clock-accept" : "clock-" + protocol + "-accept";
        this.acceptor = Thread.ofPlatform().name(thread).unstarted(listening != null
                ? () -> new Acceptor(listening, stats, protocol).run(this::admit)
                : this::admitOne);
    }

    /**
     * Serves the connections {@code listening} accepts; nothing is accepted until {@link #start()}.
     *
     * @param listening a bound, listening socket (blocking mode is set here)
     * @param stats     what the listener and its handler count, together
     */
    public static TcpListener serving(ServerSocketChannel listening, String protocol, ConnectionHandler handler,
                                      Admission admission, ServerStats stats) throws IOException {
        listening.configureBlocking(true);
        return new TcpListener(protocol, (InetSocketAddress) listening.getLocalAddress(), listening, null, handler,
                admission, stats);
    }

    /**
     * Serves the one connection {@code client} (inetd's {@code nowait}), admitted like any other.
     * Its socket is shut down at its end, not closed: it is the process's standard input, which the
     * JDK detaches standard error with, and the lines saying why the process stops would be lost.
     */
    public static TcpListener servingOne(SocketChannel client, InetSocketAddress local, String protocol,
                                         ConnectionHandler handler, Admission admission, ServerStats stats) {
        return new TcpListener(protocol, local, null, client, handler, admission, stats);
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public String description() {
        return handler.description();
    }

    @Override
    public ServerStats stats() {
        return stats;
    }

    /** Connections admitted and not yet left, each counted once, wherever it is served. */
    @Override
    public int connected() {
        synchronized (serving) {
            return connected;
        }
    }

    /**
     * Clients, stalls, and every refusal the admission can make: with one connection handed over
     * its one place is never taken by another, and its source's first connection never over a
     * limit, so only a denied address is refused; and there is no accept to fail.
     */
    @Override
    public Counts counts() {
        Set<Refusal> refusals = one != null ? EnumSet.of(Refusal.DENIED)
                : EnumSet.of(Refusal.FULL, Refusal.DENIED, Refusal.PER_SOURCE, Refusal.RATE_LIMITED);
        return new Counts(true, refusals, true, listening != null, handler.fansOut());
    }

    /** Completes when the one connection handed over has gone (not on {@link #close()}); otherwise never. */
    @Override
    public CompletionStage<Void> ended() {
        return ended;
    }

    @Override
    public synchronized void start() {
        if (acceptor.getState() != Thread.State.NEW || closed) {
            return;
        }
        handler.start();
        acceptor.start();
    }

    private void admitOne() {
        stats.accepted();
        admit(one);
    }

    private void admit(SocketChannel channel) {
        InetSocketAddress remote;
        try {
            remote = (InetSocketAddress) channel.getRemoteAddress();
            handler.configure(channel);
        } catch (IOException e) {
            end(channel); // reset before we could look at it
            if (one != null) {
                ended.complete(null);
            }
            return;
        }
        Refusal refusal = admission.enter(remote.getAddress(), handler::catchUp);
        if (refusal != null) {
            refuse(channel, remote, refusal);
            return;
        }
        Connection connection = new Connection(channel, remote, () -> left(remote));
        synchronized (serving) {
            connected++;
        }
        serving.add(connection);
        if (closed) {
            // Admitted as the listener stopped: the stop may have missed it, so it ends here.
            serving.remove(connection);
            end(channel);
            connection.leave();
            return;
        }
        LOG.log(Level.DEBUG, () -> logPrefix + "connected: " + HostPort.format(remote));
        if (handler.dispatch() == ConnectionHandler.Dispatch.ACCEPTOR) {
            serve(connection);
        } else {
            Thread.ofVirtual().name("clock-" + protocol + "-connection").start(() -> serve(connection));
        }
    }

    /** The handler's turn, and the end of the connection unless it was handed over: in one place. */
    private void serve(Connection connection) {
        boolean handedOver = false;
        try {
            handedOver = handler.serve(connection);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> protocol + ": " + HostPort.format(connection.remote()) + ": " + e);
        } finally {
            afterServe.run();
            serving.remove(connection);
            if (!handedOver) {
                end(connection.channel());
                connection.leave();
                LOG.log(Level.DEBUG, () -> logPrefix + "disconnected: " + HostPort.format(connection.remote()));
            }
        }
    }

    private void left(InetSocketAddress remote) {
        admission.leave(remote.getAddress());
        synchronized (serving) {
            connected--;
            if (connected == 0) {
                serving.notifyAll();
            }
        }
        if (one != null && !closed) {
            ended.complete(null);
        }
    }

    /** Turns a client away: its refusal bytes if the protocol has any, sent without waiting, then the end. */
    private void refuse(SocketChannel channel, InetSocketAddress remote, Refusal why) {
        stats.refused(why);
        LOG.log(Level.DEBUG, () -> logPrefix + "refused " + HostPort.format(remote) + ": " + why.label());
        byte[] message = handler.refusal(why);
        if (message != null) {
            try {
                channel.configureBlocking(false); // a new socket's send buffer takes this whole; never wait for it
                channel.write(ByteBuffer.wrap(message));
            } catch (IOException e) {
                // it left first: nothing to tell it
            }
        }
        end(channel);
        if (one != null) {
            ended.complete(null);
        }
    }

    /**
     * Ends a connection so that the client reads all that was sent, then the end: the FIN first,
     * then input it sent that was never read is thrown away (closing a socket with unread input
     * sends a reset, which can destroy the response before the client reads it), then the close.
     * The one connection handed over is only shut down (see {@link #servingOne}).
     */
    private void end(SocketChannel channel) {
        try {
            channel.shutdownOutput();
            if (channel == one) {
                channel.shutdownInput();
                return;
            }
            channel.configureBlocking(false);
            ByteBuffer sink = ByteBuffer.allocate(4096);
            for (int total = 0; total < DISCARD_BYTES; ) {
                int n = channel.read(sink.clear());
                if (n <= 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException e) {
            // gone already
        }
        if (channel != one) {
            closeQuietly(channel);
        }
    }

    /**
     * Stops accepting, has the handler end what it was handed, ends every connection still being
     * served, and waits, briefly, for them to give their places back. Idempotent; never throws.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (listening != null) {
            closeQuietly(listening);
        }
        handler.close();
        // A socket closed while a thread waits in its accept is let go only when that thread
        // leaves: waiting for it means the port is free when this returns (a swap, a restart).
        if (acceptor.getState() != Thread.State.NEW && Thread.currentThread() != acceptor) {
            try {
                acceptor.join(CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Connection connection : serving) {
            if (connection.channel() == one) {
                end(one); // a blocked write or read fails now; the descriptor stays
            } else {
                closeQuietly(connection.channel());
            }
        }
        try {
            long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
            synchronized (serving) {
                for (long left = CLOSE_WAIT.toNanos(); connected > 0 && left > 0; left = deadline - System.nanoTime()) {
                    serving.wait(Math.max(1, left / 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For a test: {@code seam} runs after each handler's serve returns, before the listener's own part. */
    void afterServe(Runnable seam) {
        this.afterServe = Objects.requireNonNull(seam);
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }
}
