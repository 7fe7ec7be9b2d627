package dev.clock.protocol;

import dev.clock.net.Refusal;
import dev.clock.net.ServerStats;
import dev.clock.tcp.Connection;
import dev.clock.tcp.ConnectionHandler;
import dev.clock.tcp.TcpListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.InstantSource;

/**
 * The TCP side of Daytime and Time, as a protocol on a {@link TcpListener}: every connection gets
 * its reply and is ended, as inetd's internal services do. The reply is a few dozen bytes into a
 * new socket's empty send buffer, so it is written on the accepting thread without ever blocking;
 * no thread per connection is needed. A client turned away gets nothing: there is no line in
 * these protocols to say why.
 */
final class TcpResponderServer implements ConnectionHandler {
    private final Responder responder;
    private final InstantSource clock;
    private final ServerStats stats;

    TcpResponderServer(Responder responder, InstantSource clock, ServerStats stats) {
        this.responder = responder;
        this.clock = clock;
        this.stats = stats;
    }

    @Override
    public String description() {
        return "a reply, then the end";
    }

    @Override
    public Dispatch dispatch() {
        return Dispatch.ACCEPTOR;
    }

    @Override
    public byte[] refusal(Refusal why) {
        return null;
    }

    /** The reply, written without waiting; the listener then ends the connection, FIN first. */
    @Override
    public boolean serve(Connection connection) throws IOException {
        connection.channel().configureBlocking(false);
        ByteBuffer reply = responder.reply(clock.instant());
        try {
            connection.channel().write(reply);
        } catch (IOException e) {
            stats.writeFailed();
            throw e;
        }
        if (!reply.hasRemaining()) {
            stats.lineWritten();
        }
        return false;
    }
}
