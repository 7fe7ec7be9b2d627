package dev.clock.load;

import dev.clock.net.Reasons;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One platform thread reading its share of the connections: a selector over non-blocking channels,
 * each ready one read until its queue is drained, the bytes fed to its {@link ConnectionReader}
 * with the receive's {@link Arrival}. A thread per core reads 19,000 connections with less
 * waking than a virtual thread each, and the receive can be the non-blocking one that brings the
 * kernel's timestamp. Ends (EOF, reset) before the hold window ends are counted as closed early.
 */
final class ReadLoop implements AutoCloseable {
    private static final int BUFFER_BYTES = 16 * 1024;

    private final Tally tally;
    private final Selector selector;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final Queue<Connection> added = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean stopping;
    /** Set, under this loop's lock, once the thread no longer takes connections: later ones are closed. */
    private boolean ended;

    /** A connection as the loop holds it: its channel, how it is read, and its lines' state. */
    private record Connection(SocketChannel channel, Receiver.Reading reading, ConnectionReader reader) {
    }

    ReadLoop(String name, Tally tally) throws IOException {
        this.tally = tally;
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /**
     * Hands over a connected channel and its reading: the loop makes it non-blocking, reads it
     * until it ends or the loop closes, and then closes both, from its own thread (a reading must
     * not have its channel closed under it).
     */
    void add(SocketChannel channel, Receiver.Reading reading, ConnectionReader reader) throws IOException {
        channel.configureBlocking(false);
        Connection connection = new Connection(channel, reading, reader);
        synchronized (this) {
            if (ended) {
                close(connection);
                return;
            }
            added.add(connection);
        }
        selector.wakeup();
    }

    private void run() {
        try {
            while (!stopping) {
                selector.select(this::ready);
                for (Connection c; (c = added.poll()) != null; ) {
                    c.channel().register(selector, SelectionKey.OP_READ, c);
                }
            }
        } catch (IOException | RuntimeException e) {
            for (SelectionKey key : selector.keys()) {
                ended(key, e);
            }
        } finally {
            synchronized (this) {
                ended = true;
            }
            added.forEach(ReadLoop::close);
            selector.keys().forEach(key -> close((Connection) key.attachment()));
            closeQuietly(selector);
        }
    }

    private void ready(SelectionKey key) {
        Connection connection = (Connection) key.attachment();
        ConnectionReader reader = connection.reader();
        try {
            while (true) {
                buffer.clear();
                int n = connection.reading().receive(buffer);
                if (n < 0) {
                    ended(key, null);
                    return;
                }
                if (n == 0) {
                    return;
                }
                buffer.flip();
                reader.feed(buffer, Arrival.now(connection.reading().kernelEpochNanos()));
                if (reader.refused() != null) {
                    ended(key, null);
                    return;
                }
                if (buffer.limit() < buffer.capacity()) {
                    return; // a short read drained the queue: the selector says when more comes, no EAGAIN call needed
                }
            }
        } catch (IOException e) {
            ended(key, e);
        }
    }

    /** A connection ended by the server, the network or the reader: counted unless the hold window is over. */
    private void ended(SelectionKey key, Exception failure) {
        key.cancel();
        Connection connection = (Connection) key.attachment();
        close(connection);
        ConnectionReader reader = connection.reader();
        if (reader.refused() != null) {
            tally.closedEarly("not an event stream: " + reader.refused());
        } else if (!tally.windowEnded(System.nanoTime())) {
            tally.closedEarly(failure != null ? Reasons.of(failure)
                    : reader.serverRefusal() != null ? reader.serverRefusal() : "closed by the server");
        }
    }

    /** Stops reading and closes every connection; what ends now is the generator's doing, not counted. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        selector.wakeup();
        if (thread.isAlive()) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } else {
            synchronized (this) {
                ended = true;
            }
            added.forEach(ReadLoop::close);
            closeQuietly(selector);
        }
    }

    private static void close(Connection connection) {
        closeQuietly(connection.channel());
        connection.reading().close();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is all we wanted
        }
    }
}
