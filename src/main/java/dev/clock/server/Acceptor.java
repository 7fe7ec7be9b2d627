package dev.clock.server;

import dev.clock.tick.Durations;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Accepts connections until its listener closes. When accept fails (out of descriptors, out of
 * buffers) it backs off, 5 ms doubling to 1 s as Go's net/http does, and logs once per episode
 * rather than once per failure, so that a server out of descriptors neither spins nor floods its
 * log, and recovers by itself when descriptors free up.
 */
public final class Acceptor {
    private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());
    static final Duration FIRST_BACKOFF = Duration.ofMillis(5);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

    private final ServerSocketChannel listener;
    private final ServerStats stats;
    private final String name;

    public Acceptor(ServerSocketChannel listener, ServerStats stats, String name) {
        this.listener = listener;
        this.stats = stats;
        this.name = name;
    }

    /** Hands each accepted connection to {@code admit}; returns when the listener is closed. */
    public void run(Consumer<SocketChannel> admit) {
        Duration backoff = Duration.ZERO;
        while (listener.isOpen()) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                stats.acceptFailures.increment();
                if (backoff.isZero()) {
                    LOG.log(Level.WARNING, name + ": accept failed: " + e.getMessage().toLowerCase(java.util.Locale.ROOT)
                            + "; retrying, backing off up to " + Durations.format(MAX_BACKOFF));
                    backoff = FIRST_BACKOFF;
                } else {
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            if (!backoff.isZero()) {
                LOG.log(Level.INFO, name + ": accepting again");
                backoff = Duration.ZERO;
            }
            stats.accepted.increment();
            admit.accept(channel);
        }
    }
}
