package dev.clock.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** One connection's reader: splits what arrives into lines and hands each to the tally. */
final class ConnectionReader {
    /** Longer than any time line; a longer line is judged malformed and skipped. */
    private static final int MAX_LINE = 64;

    private final SocketChannel channel;
    private final Tally tally;
    private final ByteBuffer buffer = ByteBuffer.allocate(MAX_LINE);
    private long previous = LineCheck.NOT_A_TIME;
    private boolean overlong;

    ConnectionReader(SocketChannel channel, Tally tally) {
        this.channel = channel;
        this.tally = tally;
    }

    /** Reads until the server closes or {@link #close()}; returns why it stopped, or null for EOF. */
    IOException readAll() {
        try {
            while (channel.read(buffer) >= 0) {
                long arrived = System.nanoTime();
                byte[] bytes = buffer.array();
                int start = 0;
                for (int i = 0; i < buffer.position(); i++) {
                    if (bytes[i] == '\n') {
                        line(bytes, start, i, arrived);
                        start = i + 1;
                    }
                }
                if (start == 0 && !buffer.hasRemaining()) {
                    overlong = true; // no newline in a full buffer: drop it, judge the line when it ends
                    buffer.clear();
                } else {
                    buffer.limit(buffer.position()).position(start);
                    buffer.compact();
                }
            }
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    private void line(byte[] bytes, int from, int to, long arrived) {
        if (to > from && bytes[to - 1] == '\r') {
            to--;
        }
        long named = overlong ? LineCheck.NOT_A_TIME : LineCheck.nanosOfDay(bytes, from, to);
        overlong = false;
        tally.line(previous, named, arrived);
        if (named != LineCheck.NOT_A_TIME) {
            previous = named;
        }
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }
}
