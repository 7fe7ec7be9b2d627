package dev.clock.server;

import dev.clock.tick.Tick;
import dev.clock.tick.Ticker;
import dev.clock.tick.TickerStoppedException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One client's clock: the book's {@code handleConn}. Writes the current time, then each tick as
 * it comes, until a write fails or the server closes the connection.
 *
 * <p>The client's input is never read; the listener's small receive buffer bounds what the kernel
 * holds of it, and a departed client is noticed when a write fails (by the second tick after it
 * left). A client that only shut down its sending side still gets the clock.
 */
final class ClientHandler implements Runnable {
    private static final System.Logger LOG = System.getLogger(ClientHandler.class.getName());

    private final SocketChannel channel;
    private final SocketAddress remote;
    private final Ticker ticker;
    private final ServerStats stats;
    /** {@link System#nanoTime()} when the write under way began, or 0 between writes. */
    private volatile long writingSince;

    ClientHandler(SocketChannel channel, SocketAddress remote, Ticker ticker, ServerStats stats) {
        this.channel = channel;
        this.remote = remote;
        this.ticker = ticker;
        this.stats = stats;
    }

    @Override
    public void run() {
        try (channel) {
            for (Tick tick = ticker.current(); ; tick = ticker.next(tick)) {
                write(tick.line());
            }
        } catch (IOException e) {
            if (channel.isOpen()) {
                stats.writeErrors.increment();
                LOG.log(Level.DEBUG, () -> remote + " left: " + e.getMessage());
            }
        } catch (TickerStoppedException | InterruptedException e) {
            // the server is stopping
        }
    }

    private void write(ByteBuffer line) throws IOException {
        writingSince = System.nanoTime() | 1; // never 0, which means "not writing"
        while (line.hasRemaining()) {
            channel.write(line);
        }
        writingSince = 0;
        stats.linesWritten.increment();
    }

    /** Whether a write has been blocked (the client not reading) since before {@code deadline}. */
    boolean stuckSince(long deadlineNanos) {
        long since = writingSince;
        return since != 0 && since - deadlineNanos < 0;
    }

    SocketAddress remote() {
        return remote;
    }

    /** Closes the connection; a write blocked on it fails at once. */
    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "closing " + remote + ": " + e.getMessage());
        }
    }
}
