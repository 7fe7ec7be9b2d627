package dev.clock.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.SocketChannel;

/** Ending connections. */
final class Connections {
    /** Unread input discarded before a close, at most: what a client may have sent ahead. */
    private static final int DISCARD_BYTES = 64 * 1024;

    private Connections() {
    }

    static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }

    /**
     * Closes so that the client reads the whole response, then the end: the FIN goes first, then
     * input it sent that was never read is thrown away (closing a socket with unread input sends a
     * reset, which can destroy the response before the client reads it), then the socket closes.
     */
    static void closeGracefully(SocketChannel channel) {
        try {
            channel.shutdownOutput();
            channel.configureBlocking(false);
            ByteBuffer sink = ByteBuffer.allocate(4096);
            for (int total = 0; total < DISCARD_BYTES; ) {
                int n = channel.read(sink.clear());
                if (n <= 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException e) {
            // gone already
        }
        closeQuietly(channel);
    }
}
