package dev.clock.tcp;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An admitted connection and the places it holds. Its places are given back by {@link #leave()},
 * which counts once however often and from wherever it is called.
 */
public final class Connection {
    private final SocketChannel channel;
    private final InetSocketAddress remote;
    private final Runnable onLeave;
    private final AtomicBoolean left = new AtomicBoolean();

    Connection(SocketChannel channel, InetSocketAddress remote, Runnable onLeave) {
        this.channel = channel;
        this.remote = remote;
        this.onLeave = onLeave;
    }

    public SocketChannel channel() {
        return channel;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    /** The client's end is seen: its places are free from now on. Only the first call counts. */
    public void leave() {
        if (left.compareAndSet(false, true)) {
            onLeave.run();
        }
    }
}
