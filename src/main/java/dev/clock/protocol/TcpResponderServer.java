package dev.clock.protocol;

import dev.clock.access.AccessPolicy;
import dev.clock.net.Acceptor;
import dev.clock.net.ServerStats;
import dev.clock.net.Sockets;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.InstantSource;

/**
 * The TCP side of Daytime and Time: every connection gets its reply and is closed, as inetd's
 * internal services do. The reply is a few dozen bytes into a new socket's empty send buffer, so
 * it is written on the accepting thread without ever blocking; no thread per connection is needed.
 */
final class TcpResponderServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TcpResponderServer.class.getName());

    private final ServerSocketChannel listener;
    private final Responder responder;
    private final InstantSource clock;
    private final ServerStats stats;
    private final AccessPolicy access;
    private final String name;

    TcpResponderServer(ServerSocketChannel listener, Responder responder, InstantSource clock, ServerStats stats,
                       AccessPolicy access, String name) {
        this.listener = listener;
        this.access = access;
        this.responder = responder;
        this.clock = clock;
        this.stats = stats;
        this.name = name;
    }

    void serve() {
        new Acceptor(listener, stats, name + "/tcp").run(this::answer);
    }

    private void answer(SocketChannel channel) {
        InetAddress from;
        try {
            from = ((InetSocketAddress) channel.getRemoteAddress()).getAddress();
        } catch (IOException e) {
            closeQuietly(channel); // reset before we could look at it
            return;
        }
        AccessPolicy.Verdict verdict = access.connect(from, name);
        if (verdict != AccessPolicy.Verdict.ADMITTED) {
            stats.refused(verdict.refusal());
            closeQuietly(channel);
            return;
        }
        try {
            reply(channel);
        } finally {
            access.disconnected(from);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }

    private void reply(SocketChannel channel) {
        try (channel) {
            channel.configureBlocking(false);
            ByteBuffer reply = responder.reply(clock.instant());
            channel.write(reply);
            if (!reply.hasRemaining()) {
                stats.lineWritten();
            }
            // FIN after the reply, so that a client that sent something still reads the answer
            // before the close resets what it sent.
            channel.shutdownOutput();
        } catch (IOException e) {
            stats.writeFailed();
            LOG.log(Level.DEBUG, () -> name + ": " + e.getMessage());
        }
    }

    static ServerSocketChannel listen(InetSocketAddress address) throws IOException {
        ServerSocketChannel listener = Sockets.openServer(address.getAddress());
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(address, 1024);
            return listener;
        } catch (IOException e) {
            listener.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
