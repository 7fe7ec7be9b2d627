package dev.clock.server;

import dev.clock.net.ServerStats;
import dev.clock.tick.Tick;
import dev.clock.tick.Ticker;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * One client's connection, the book's {@code handleConn}: on its own thread it gives the client
 * the current time at once, then waits for the connection's end and closes it. In between, the
 * server's fan-out {@linkplain #deliver delivers} each tick with a write that never blocks.
 *
 * <p>A write the socket cannot take whole (the client stopped reading) leaves its remainder
 * pending: it is retried before the next tick's line, ticks in between are skipped for this
 * client only, and the server drops a client that stays stuck past its write timeout.
 *
 * <p>The client's input is never read; the listener's small receive buffer bounds what the kernel
 * holds of it. A departed client is noticed when a write fails, by the second tick after it left.
 * A client that only shut down its sending side still gets the clock.
 */
final class ClientHandler implements Runnable {
    private static final System.Logger LOG = System.getLogger(ClientHandler.class.getName());

    /** Why a connection ended. */
    enum Ending { LEFT, STUCK, SERVER_STOPPED }

    private final long admission;
    private final SocketChannel channel;
    private final SocketAddress remote;
    private final Ticker ticker;
    private final Clients clients;

    private volatile Thread owner;
    private volatile Ending ending;

    // Guarded by this: the fan-out workers and the owner's first write take turns.
    private long lastSeq;
    private ByteBuffer pending;
    /** {@link System#nanoTime()} when the pending write first stalled; read by the reaper. */
    private volatile long stuckSince;

    /** @param admission this client's place in the order of admission, unique per server */
    ClientHandler(long admission, SocketChannel channel, SocketAddress remote, Ticker ticker, Clients clients) {
        this.admission = admission;
        this.channel = channel;
        this.remote = remote;
        this.ticker = ticker;
        this.clients = clients;
    }

    @Override
    public void run() {
        owner = Thread.currentThread();
        try (channel) {
            Tick now = ticker.current();
            deliver(now, now.line());
            while (ending == null) {
                LockSupport.park(this);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "closing " + remote + ": " + e.getMessage());
        } finally {
            clients.remove(this);
            LOG.log(Level.DEBUG, () -> "disconnected: " + remote + " (" + (ending == null ? Ending.LEFT : ending) + ")");
        }
    }

    /**
     * Writes {@code tick} unless this client already has it or a newer one; first the remainder of
     * a stalled line, if any. Never blocks.
     *
     * @param view a view of the tick's bytes that this call may move; its position is reset here
     * @return 1 if the tick's line went out whole, else 0
     */
    synchronized int deliver(Tick tick, ByteBuffer view) {
        if (ending != null || tick.seq() <= lastSeq) {
            return 0;
        }
        try {
            if (pending != null) {
                channel.write(pending);
                if (pending.hasRemaining()) {
                    return 0;
                }
                pending = null;
                stuckSince = 0;
            }
            view.position(0);
            channel.write(view);
            lastSeq = tick.seq();
            if (view.hasRemaining()) {
                pending = view.slice();
                stuckSince = System.nanoTime() | 1; // never 0, which means "not stuck"
                return 0;
            }
            return 1;
        } catch (IOException e) {
            clients.stats().writeFailed();
            LOG.log(Level.DEBUG, () -> "write to " + remote + " failed: " + e.getMessage());
            end(Ending.LEFT);
            return 0;
        }
    }

    /** Whether a line has been stalled, the client not reading, since before {@code deadlineNanos}. */
    boolean stuckSince(long deadlineNanos) {
        long since = stuckSince;
        return since != 0 && since - deadlineNanos < 0;
    }

    long admission() {
        return admission;
    }

    SocketAddress remote() {
        return remote;
    }

    /** Ends the connection: its owner wakes, closes it and is gone. Idempotent. */
    void end(Ending why) {
        if (ending == null) {
            ending = why;
            Thread t = owner;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}
