package dev.clock.activation;

import dev.clock.net.HostPort;
import dev.clock.net.Listener;
import dev.clock.net.Reasons;
import dev.clock.net.ServerStats;
import dev.clock.text.Durations;
import dev.clock.tick.Tick;
import dev.clock.tick.TickListener;
import dev.clock.tick.Ticker;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;

/**
 * The stream for the one client whose connection was handed over on standard input (inetd's
 * {@code nowait}, systemd's {@code Accept=yes}): the current time at once, then each tick, until
 * the client leaves, a write stays stalled past the write timeout, or {@link #close()}. When the
 * client's end came from the client (it left, or stalled), {@link #gone()} completes, and the
 * process, which exists for this client only, can exit.
 *
 * <p>With one client there is no fan-out to protect: a virtual thread of its own writes each
 * line with a blocking write, and the ticker's thread only hands it the newest tick and checks
 * that the write in progress is not stalled. A client that falls behind gets the newest line
 * next, never a backlog.
 */
public final class InetdClient implements Listener, TickListener {
    private static final System.Logger LOG = System.getLogger("clock");

    private final SocketChannel channel;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final Ticker ticker;
    private final Duration writeTimeout;
    private final ServerStats stats = new ServerStats();
    private final CompletableFuture<Void> gone = new CompletableFuture<>();

    private volatile Tick latest;
    /** {@link System#nanoTime()} when the write under way began (never 0 then), 0 between writes. */
    private volatile long writingSince;
    private volatile boolean closed;
    private volatile Thread writer;

    public InetdClient(Inherited.Connected connection, Ticker ticker, Duration writeTimeout) {
        this.channel = connection.channel();
        this.local = connection.local();
        this.remote = connection.remote();
        this.ticker = ticker;
        this.writeTimeout = writeTimeout;
    }

    @Override
    public String protocol() {
        return "stream";
    }

    /** The local end of the connection: where the client connected to. */
    @Override
    public InetSocketAddress address() {
        return local;
    }

    @Override
    public String description() {
        return "one client from standard input, " + HostPort.format(remote) + ", as inetd's nowait";
    }

    @Override
    public ServerStats stats() {
        return stats;
    }

    @Override
    public int connected() {
        return closed ? 0 : 1;
    }

    /** Completes when the client left or was dropped as stalled, and the connection is closed; not on {@link #close()}. */
    public CompletionStage<Void> gone() {
        return gone;
    }

    @Override
    public void start() {
        stats.accepted();
        latest = ticker.current();
        ticker.subscribe(this);
        writer = Thread.ofVirtual().name("clock-inetd-client").start(this::serve);
    }

    @Override
    public void onTick(Tick tick) {
        latest = tick;
        Thread t = writer;
        if (t != null) {
            LockSupport.unpark(t);
        }
        long since = writingSince;
        if (since != 0 && System.nanoTime() - since > writeTimeout.toNanos() && !closed) {
            stats.droppedStalled();
            LOG.log(Level.WARNING, "stream: dropped " + HostPort.format(remote) + ": stalled, its line unsent for "
                    + Durations.format(writeTimeout));
            end(true);
        }
    }

    private void serve() {
        long written = -1;
        try {
            channel.configureBlocking(true);
            while (!closed) {
                Tick tick = latest;
                if (tick.seq() <= written) {
                    LockSupport.park(this);
                    continue;
                }
                write(tick.bytes());
                written = tick.seq();
                stats.lineWritten();
            }
        } catch (IOException e) {
            if (!closed) {
                stats.writeFailed();
                LOG.log(Level.DEBUG, () -> "stream: " + HostPort.format(remote) + " left: " + Reasons.of(e));
                end(true);
            }
        }
    }

    private void write(ByteBuffer line) throws IOException {
        writingSince = System.nanoTime() | 1;
        try {
            while (line.hasRemaining()) {
                channel.write(line);
            }
        } finally {
            writingSince = 0;
        }
    }

    /** Ends the connection; a write under way fails at once. Idempotent, never throws. */
    @Override
    public void close() {
        end(false);
    }

    private synchronized void end(boolean byClient) {
        if (closed) {
            return;
        }
        closed = true;
        ticker.unsubscribe(this);
        // Shut down, not closed: closing the channel System.inheritedChannel() gave points standard
        // error at /dev/null (the JDK detaches the standard streams with it), and the lines saying
        // why the process stops would be lost. The client sees the end now; the descriptor goes
        // when the process exits, which is next.
        try {
            channel.shutdownOutput();
            channel.shutdownInput();
        } catch (IOException e) {
            // already reset: ended all the same
        }
        Thread t = writer;
        if (t != null) {
            LockSupport.unpark(t);
        }
        if (byClient) {
            gone.complete(null);
        }
    }
}
