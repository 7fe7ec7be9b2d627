package dev.clock.broadcast;

import dev.clock.net.HostPort;
import dev.clock.net.ServerStats;
import dev.clock.tick.Tick;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * One client's connection, the book's {@code handleConn}, without a thread of its own: the thread
 * that admits it writes its first line and returns, the server's {@link FanOut} writes each tick
 * to it, and {@link ClientInput} watches it. Whoever ends it (the client left, stalled, or the
 * server stopped) has it closed and taken off the server's list, on a short-lived virtual thread.
 * A thread parked per client for its lifetime cost about a kilobyte of memory per connection.
 *
 * <p>Writes never block. A line the socket cannot take whole (the client stopped reading) leaves its
 * unsent remainder pending: it is sent before the next tick's line, ticks in between are skipped for
 * this client only, and the server drops a client whose remainder has waited longer than its write
 * timeout.
 *
 * <p>What the client sends is read and thrown away by {@link ClientInput}, which ends the
 * connection the moment the client closes it or it fails.
 */
final class ClientHandler {
    private static final System.Logger LOG = System.getLogger(ClientHandler.class.getName());
    private static final VarHandle ENDING;
    private static final VarHandle STEPS;
    /** A step of {@link #steps}: the first line's write was attempted. */
    private static final int FIRST_WRITTEN = 1;
    /** A step of {@link #steps}: the connection ended. */
    private static final int ENDED = 2;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ENDING = lookup.findVarHandle(ClientHandler.class, "ending", Ending.class);
            STEPS = lookup.findVarHandle(ClientHandler.class, "steps", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Why a connection ended. */
    enum Ending {
        LEFT("left"), STALLED("stalled"), SERVER_STOPPED("server stopped");

        private final String text;

        Ending(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Input read from one client beyond which it is read no more: enough for any talk, little for a flood. */
    static final int INPUT_LIMIT_BYTES = 16 * 1024;
    /**
     * Unread input thrown away before a close, at most: a few receive buffers of a client that
     * never reads, so that the close sends a FIN rather than a reset, and never a long loop.
     */
    private static final int DISCARD_LIMIT_BYTES = 8 * 1024;

    private final long admission;
    private final SocketChannel channel;
    private final SocketAddress remote;
    private final Tick first;
    private final ByteBuffer firstBytes;
    private final ServerStats stats;
    private final Clients clients;
    private final ClientInput input;
    /** Run once, as the client's end is seen: its places are free. */
    private final Runnable departed;

    /** Set once, by whoever ends the connection first; see {@link #end}. */
    private volatile Ending ending;
    /**
     * {@link #FIRST_WRITTEN} and {@link #ENDED}, as they happen, in either order: whoever takes the
     * second step closes the connection, so that it is closed once, and never before its first line.
     */
    private volatile int steps;
    /** Completes once the connection is closed and off the server's list. */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Bytes of input read so far; only the input thread touches it. */
    private int inputRead;

    // Guarded by this: the fan-out's workers, the first write and the close take turns.
    private long lastSeq;
    private ByteBuffer pending;
    /** {@link System#nanoTime()} when the pending remainder was left unsent, or 0; read by the sweep. */
    private volatile long stalledSince;

    /**
     * @param admission this client's place in the order of admission, unique per server
     * @param first     the tick under way when it was admitted: its first line
     * @param firstBytes that tick's bytes as this client's broadcast sends them
     */
    ClientHandler(long admission, SocketChannel channel, SocketAddress remote, Tick first, ByteBuffer firstBytes,
                  ServerStats stats, Clients clients, ClientInput input, Runnable departed) {
        this.admission = admission;
        this.channel = channel;
        this.remote = remote;
        this.first = first;
        this.firstBytes = firstBytes;
        this.stats = stats;
        this.clients = clients;
        this.input = input;
        this.departed = departed;
    }

    /**
     * Starts serving: watches the client's input and writes its first line, never blocking, on
     * the caller's thread, then returns. If the client already ended, it is closed here.
     */
    void start() {
        try {
            input.watch(this);
            if (deliver(first, firstBytes, true) == 1) {
                stats.lineWritten();
            }
        } finally {
            if (step(FIRST_WRITTEN)) {
                close();
            }
        }
    }

    /** Completes once the connection is closed and off the server's list; never exceptionally. */
    CompletableFuture<Void> closed() {
        return closed;
    }

    /**
     * Writes {@code tick} unless this client already has it or a newer one; first the remainder of
     * a stalled line, if any. Never blocks.
     *
     * @param view a view of the tick's bytes that this call may move; its position is reset here
     * @return 1 if the tick's line went out whole, else 0
     */
    synchronized int deliver(Tick tick, ByteBuffer view) {
        return deliver(tick, view, false);
    }

    /**
     * As {@link #deliver(Tick, ByteBuffer)}; the first line goes out even when a stop already
     * ended this client: admitted a moment before its listener closed (a swap under
     * {@code --reuse-port}), it gets its line and then the end of the stream, not a bare close.
     */
    private synchronized int deliver(Tick tick, ByteBuffer view, boolean first) {
        if ((ending != null && !(first && ending == Ending.SERVER_STOPPED)) || tick.seq() <= lastSeq) {
            return 0;
        }
        try {
            if (pending != null) {
                channel.write(pending);
                if (pending.hasRemaining()) {
                    return 0;
                }
                pending = null;
                stalledSince = 0;
                clients.unstalled(this);
            }
            view.position(0);
            channel.write(view);
            lastSeq = tick.seq();
            if (view.hasRemaining()) {
                pending = view.slice();
                stalledSince = System.nanoTime() | 1; // never 0, which means "not stalled"
                clients.stalled(this);
                return 0;
            }
            return 1;
        } catch (IOException e) {
            stats.writeFailed();
            LOG.log(Level.DEBUG, () -> "write to " + HostPort.format(remote) + " failed: " + e.getMessage());
            end(Ending.LEFT);
            return 0;
        }
    }

    /** Whether a remainder has waited unsent, the client not reading, since before {@code deadlineNanos}. */
    boolean stalledBefore(long deadlineNanos) {
        long since = stalledSince;
        return since != 0 && since - deadlineNanos < 0;
    }

    /**
     * Counts {@code bytes} more of input read; on the input thread only.
     *
     * @return whether the client has now sent more than {@link #INPUT_LIMIT_BYTES}
     */
    boolean inputRead(int bytes) {
        inputRead += bytes;
        return inputRead > INPUT_LIMIT_BYTES;
    }

    long admission() {
        return admission;
    }

    SocketChannel channel() {
        return channel;
    }

    SocketAddress remote() {
        return remote;
    }

    Runnable departed() {
        return departed;
    }

    /**
     * Ends the connection: it is closed at once, on a virtual thread of its own so that no caller
     * (the input thread, a fan-out worker, the sweep, a stop) waits for it, or, if its first line
     * has yet to be written, right after that. Only the first call counts.
     *
     * @return whether this call ended it: false if it had ended already
     */
    boolean end(Ending why) {
        if (!ENDING.compareAndSet(this, null, why)) {
            return false;
        }
        clients.ended(this);
        if (step(ENDED)) {
            Thread.startVirtualThread(this::close);
        }
        return true;
    }

    /** Takes {@code step}; true if the other step was taken already: the connection is to be closed now. */
    private boolean step(int step) {
        return ((int) STEPS.getAndBitwiseOr(this, step) | step) == (FIRST_WRITTEN | ENDED);
    }

    /**
     * Closes the connection so that the client sees the end of the stream, not a reset: the FIN
     * goes first, then input still unread is thrown away (closing a socket with unread input sends
     * a reset in place of the FIN), then the socket is closed. The JDK sends a FIN of its own when
     * it closes a channel still registered with a selector; this does not rely on it, since a client
     * may end before it is registered or after it is no longer read.
     */
    private void close() {
        try {
            synchronized (this) { // not in the middle of a write: no write fails for the shutdown
                try {
                    channel.shutdownOutput();
                } catch (IOException e) {
                    // it had gone
                }
            }
            discardInput();
            try {
                channel.close();
            } catch (IOException e) {
                // closing is all we wanted
            }
            input.released();
            clients.remove(this);
            LOG.log(Level.DEBUG, () -> "disconnected: " + HostPort.format(remote) + " (" + ending + ")");
        } finally {
            closed.complete(null);
        }
    }

    /** Reads and drops what the client sent and nobody read: at most a receive buffer's worth, never blocking. */
    private void discardInput() {
        ByteBuffer sink = ByteBuffer.allocate(1024);
        try {
            for (int total = 0; total < DISCARD_LIMIT_BYTES; ) {
                int n = channel.read(sink.clear());
                if (n <= 0) {
                    return;
                }
                total += n;
            }
        } catch (IOException e) {
            // gone: nothing left to discard
        }
    }
}
