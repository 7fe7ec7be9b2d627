package dev.clock.activation;

import dev.clock.access.AccessPolicy;
import dev.clock.net.HostPort;
import dev.clock.net.Reasons;
import dev.clock.net.Refusal;
import dev.clock.net.ServerStats;
import dev.clock.tcp.Admission;
import dev.clock.tcp.ClientPlaces;
import dev.clock.tcp.Connection;
import dev.clock.tcp.ConnectionHandler;
import dev.clock.tcp.TcpListener;
import dev.clock.text.Durations;
import dev.clock.tick.Tick;
import dev.clock.tick.TickListener;
import dev.clock.tick.TickSource;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The stream for the one client whose connection was handed over on standard input (inetd's
 * {@code nowait}, systemd's {@code Accept=yes}), as a protocol on a {@link TcpListener}, which
 * admits it as it admits any other (so {@code --allow} and {@code --deny} apply), and ends it: the
 * current time at once, then each tick, until the client leaves, a write stays stalled past the
 * write timeout, or the listener closes. When the client's end came from the client (it left,
 * stalled, or was refused), the listener has {@linkplain TcpListener#ended() ended}, and the
 * process, which exists for this client only, can exit.
 *
 * <p>With one client there is no fan-out to protect: the connection's own virtual thread writes
 * each line with a blocking write, and the ticker's thread only hands it the newest tick and
 * checks that the write in progress is not stalled. A client that falls behind gets the newest
 * line next, never a backlog.
 */
public final class InetdClient implements ConnectionHandler, TickListener {
    private static final System.Logger LOG = System.getLogger("clock");
    private static final byte[] PER_SOURCE = Admission.message(Refusal.PER_SOURCE).getBytes(StandardCharsets.US_ASCII);

    private final TickSource ticks;
    private final Duration writeTimeout;
    private final ServerStats stats;
    private final String remote;

    private volatile Tick latest;
    /** {@link System#nanoTime()} when the write under way began (never 0 then), 0 between writes. */
    private volatile long writingSince;
    private volatile boolean closed;
    private volatile Thread writer;
    private volatile SocketChannel channel;

    private InetdClient(TickSource ticks, Duration writeTimeout, ServerStats stats, String remote) {
        this.ticks = ticks;
        this.writeTimeout = writeTimeout;
        this.stats = stats;
        this.remote = remote;
    }

    /** The stream for {@code connection}'s one client, if {@code access} lets it in. */
    public static TcpListener serve(HandedOver.Connected connection, TickSource ticks, Duration writeTimeout, AccessPolicy access) {
        ServerStats stats = new ServerStats();
        return TcpListener.servingOne(connection.channel(), connection.local(), "stream",
                new InetdClient(ticks, writeTimeout, stats, HostPort.format(connection.remote())),
                new Admission("stream", access, new ClientPlaces(1)), stats);
    }

    @Override
    public String description() {
        return "one client from standard input, " + remote + ", as inetd's nowait";
    }

    @Override
    public Dispatch dispatch() {
        return Dispatch.VIRTUAL_THREAD;
    }

    /** Told why only when it has too many connections; the one place is its own, so it is never full. */
    @Override
    public byte[] refusal(Refusal why) {
        return why == Refusal.PER_SOURCE ? PER_SOURCE : null;
    }

    @Override
    public boolean serve(Connection connection) throws IOException {
        channel = connection.channel();
        writer = Thread.currentThread();
        latest = ticks.current();
        ticks.subscribe(this);
        try {
            channel.configureBlocking(true);
            long written = -1;
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
                LOG.log(Level.DEBUG, () -> "stream: " + remote + " left: " + Reasons.of(e));
            }
        } finally {
            ticks.unsubscribe(this);
        }
        return false;
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
            LOG.log(Level.WARNING, "stream: dropped " + remote + ": stalled, its line unsent for "
                    + Durations.format(writeTimeout));
            closed = true;
            try {
                channel.shutdownOutput(); // the write under way fails now; the listener ends the rest
            } catch (IOException e) {
                // already reset: ended all the same
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

    /** The listener is closing: the write loop ends (the listener shuts the connection down). */
    @Override
    public void close() {
        closed = true;
        Thread t = writer;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
