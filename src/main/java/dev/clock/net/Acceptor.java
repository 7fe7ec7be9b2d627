package dev.clock.net;

import dev.clock.text.Durations;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Accepts connections until its listener closes. As Go's {@code net/http} {@code Serve} does, a
 * transient failure (out of descriptors or buffers, a connection aborted before it was taken) is
 * backed off, 5 ms doubling to 1 s, and logged once per episode rather than once per failure, so a
 * server out of descriptors neither spins nor floods its log, and recovers by itself when
 * descriptors free up. Any other failure means the listener itself is broken: it is logged and the
 * loop ends.
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
        // Loaded now, not on the first failure: out of descriptors, a class file cannot be opened.
        Reasons.isTransientAcceptFailure(new IOException());
    }

    /** Hands each accepted connection to {@code admit}; returns when the listener is closed. */
    public void run(Consumer<SocketChannel> admit) {
        Backoff backoff = new Backoff(FIRST_BACKOFF, MAX_BACKOFF);
        while (listener.isOpen()) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!listener.isOpen()) {
                    return;
                }
                if (!Reasons.isTransientAcceptFailure(e)) {
                    LOG.log(Level.ERROR, name + ": accept failed: " + Reasons.of(e) + "; no longer accepting", e);
                    return;
                }
                stats.acceptFailed();
                if (!backoff.active()) {
                    LOG.log(Level.WARNING, name + ": accept failed: " + Reasons.of(e)
                            + "; retrying, backing off up to " + Durations.format(backoff.max()));
                }
                try {
                    Thread.sleep(backoff.next());
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            if (backoff.active()) {
                LOG.log(Level.INFO, name + ": accepting again");
                backoff.reset();
            }
            stats.accepted();
            admit.accept(channel);
        }
    }
}
