package dev.clock.broadcast;

import dev.clock.net.HostPort;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads what the clients send and throws it away: one selector over every client of a server, on
 * one platform thread (a selector blocks its thread in the kernel), into one buffer. Reading is
 * how a departure is seen when it happens: end of stream or an error ends the client at once,
 * rather than at the next write that fails, a tick or two later. It also leaves no unread input to
 * turn a close's FIN into a reset.
 *
 * <p>What a client can make it do is bounded: once a client has sent more than
 * {@link ClientHandler#INPUT_LIMIT_BYTES} it is read no more. What it sends after that waits in its
 * small receive buffer until its sends block, and its departure is seen when a write to it fails.
 */
final class ClientInput implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClientInput.class.getName());

    private final Selector selector;
    /** Clients to register: only the input thread registers, so that registering never waits on a select. */
    private final Queue<ClientHandler> arrivals = new ConcurrentLinkedQueue<>();
    private final ByteBuffer discard = ByteBuffer.allocateDirect(8 * 1024);
    private final Thread thread;
    private volatile boolean closed;
    /** Requests to {@link #catchUp}: the input thread serves each with a round begun after it. */
    private final AtomicLong requested = new AtomicLong();
    /** The last request served: every event that came before it has been handled. */
    private volatile long served;

    ClientInput() throws IOException {
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().name("clock-input").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Starts reading {@code client}'s input. Never blocks. */
    void watch(ClientHandler client) {
        arrivals.add(client);
        selector.wakeup();
    }

    /**
     * A watched client's socket was closed: its descriptor is released only once the selector has
     * dropped it, at its next wake-up, so wake it now.
     */
    void released() {
        selector.wakeup();
    }

    /**
     * Returns once the input thread has handled everything that reached the server before this
     * call, or {@code timeout} passed: a client that left just before a newcomer came has then
     * freed its place. Costs a select, microseconds.
     */
    void catchUp(Duration timeout) {
        long ticket = requested.incrementAndGet();
        selector.wakeup();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (served < ticket && System.nanoTime() - deadline < 0 && !closed) {
            LockSupport.parkNanos(10_000);
        }
    }

    private void run() {
        try {
            while (!closed) {
                long ticket = requested.get();
                if (ticket > served) {
                    selector.selectNow(this::read); // a round that begins after the request
                } else {
                    selector.select(this::read);
                }
                registerArrivals();
                served = ticket;
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.log(Level.ERROR, "stream: reading clients' input failed; departures are now seen only when a write fails: " + e, e);
            }
        } catch (ClosedSelectorException e) {
            // closed
        }
    }

    private void registerArrivals() {
        for (ClientHandler client; (client = arrivals.poll()) != null; ) {
            try {
                client.channel().register(selector, SelectionKey.OP_READ, client);
            } catch (ClosedChannelException e) {
                // it ended before it could be watched
            }
        }
    }

    private void read(SelectionKey key) {
        ClientHandler client = (ClientHandler) key.attachment();
        try {
            SocketChannel channel = (SocketChannel) key.channel();
            int n;
            while ((n = channel.read(discard.clear())) > 0) {
                if (client.inputRead(n)) {
                    key.cancel();
                    LOG.log(Level.DEBUG, () -> "no longer reading " + HostPort.format(client.remote()) + ": it sent more than "
                            + ClientHandler.INPUT_LIMIT_BYTES + " bytes");
                    return;
                }
            }
            if (n < 0) {
                key.cancel();
                client.end(ClientHandler.Ending.LEFT);
            }
        } catch (IOException | CancelledKeyException e) {
            key.cancel();
            client.end(ClientHandler.Ending.LEFT);
        }
    }

    /** Stops reading; the sockets still registered are released. Never throws. */
    @Override
    public void close() {
        closed = true;
        try {
            selector.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }
}
