package dev.clock.load;

import dev.clock.net.HostPort;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One connection's reader: splits what arrives into lines and hands each to the tally. Reading an
 * event stream ({@code --sse}), only its {@code data:} lines are the clock's, each checked as a
 * stream's line is; the response's status line must be 200, and the rest (the head, {@code id:},
 * {@code retry:}, the empty lines between events) is framing.
 */
final class ConnectionReader {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);

    /** Longer than any time line; a longer line is judged malformed and skipped. */
    private static final int MAX_LINE = 64;

    private final SocketChannel channel;
    private final Tally tally;
    private final ByteBuffer buffer = ByteBuffer.allocate(MAX_LINE);
    private final boolean events;
    private long previous = LineCheck.NOT_A_TIME;
    private boolean overlong;
    /** Reading an event stream, whether the response's status line has been read (and was 200). */
    private boolean statusRead;
    /** Why the response was not an event stream: reading stops. */
    private String refused;

    ConnectionReader(SocketChannel channel, Tally tally, boolean events) {
        this.channel = channel;
        this.tally = tally;
        this.events = events;
    }

    /** The request for an event stream, which the reader then follows. */
    static byte[] eventsRequest(HostPort target) {
        return ("GET /events HTTP/1.1\r\nHost: " + target + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Why the server did not answer with an event stream (its status line), or null. */
    String refused() {
        return refused;
    }

    /** Reads until the server closes or {@link #close()}; returns why it stopped, or null for EOF. */
    IOException readAll() {
        try {
            while (refused == null && channel.read(buffer) >= 0) {
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
        if (events) {
            if (!statusRead) {
                statusRead = true;
                String status = new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
                if (!status.startsWith("HTTP/1.1 200 ")) {
                    refused = status.isEmpty() ? "not an HTTP response" : status;
                }
                return;
            }
            if (overlong || !startsWith(bytes, from, to, DATA)) {
                overlong = false;
                return; // the head, id:, retry:, the empty line that ends each event
            }
            from += DATA.length;
        }
        long named = overlong ? LineCheck.NOT_A_TIME : LineCheck.nanosOfDay(bytes, from, to);
        overlong = false;
        tally.line(previous, named, arrived);
        if (named != LineCheck.NOT_A_TIME) {
            previous = named;
        }
    }

    private static boolean startsWith(byte[] bytes, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }
}
