package dev.clock.load;

import dev.clock.net.HostPort;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One connection's lines: fed the bytes each receive got, it splits them into lines and hands each
 * to the tally with the arrival of the receive that brought its newline. Reading an event stream
 * ({@code --sse}), only its {@code data:} lines are the clock's, each checked as a stream's line
 * is; the response's status line must be 200, and the rest (the head, {@code id:}, {@code retry:},
 * the empty lines between events) is framing.
 */
final class ConnectionReader {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    static final String REFUSAL_PREFIX = "clock: ";

    /** Longer than any time line; a longer line is judged malformed and skipped. */
    private static final int MAX_LINE = 64;

    private final Tally tally;
    private final boolean events;
    /** The line so far: what came after the last newline, carried to the next receive. */
    private final byte[] line = new byte[MAX_LINE];
    private int length;
    private long previous = LineCheck.NOT_A_TIME;
    private boolean overlong;
    /** Reading an event stream, whether the response's status line has been read (and was 200). */
    private boolean statusRead;
    /** Why the response was not an event stream: reading stops. */
    private String refused;
    /** The line a clock server sends in place of the time when it turns a client away, or null. */
    private String serverRefusal;
    private boolean anyLine;

    ConnectionReader(Tally tally, boolean events) {
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

    /**
     * The line the server turned this connection away with ({@code clock: too many connections
     * from your address}), or null: a clock server's refusal is its first line, and starts
     * {@value #REFUSAL_PREFIX}.
     */
    String serverRefusal() {
        return serverRefusal;
    }

    /** Takes the bytes from {@code received}'s position to its limit; stops at a refusal. */
    void feed(ByteBuffer received, Arrival arrival) {
        while (received.hasRemaining() && refused == null) {
            byte b = received.get();
            if (b == '\n') {
                line(arrival);
                length = 0;
            } else if (length == MAX_LINE) {
                overlong = true; // no newline in a full line: drop it, judge the line when it ends
                length = 0;
                line[length++] = b;
            } else {
                line[length++] = b;
            }
        }
    }

    private void line(Arrival arrival) {
        int from = 0;
        int to = length;
        if (to > from && line[to - 1] == '\r') {
            to--;
        }
        if (events) {
            if (!statusRead) {
                statusRead = true;
                String status = new String(line, from, to - from, StandardCharsets.ISO_8859_1);
                if (!status.startsWith("HTTP/1.1 200 ")) {
                    refused = status.isEmpty() ? "not an HTTP response" : status;
                }
                return;
            }
            if (overlong || !startsWith(line, from, to, DATA)) {
                overlong = false;
                return; // the head, id:, retry:, the empty line that ends each event
            }
            from += DATA.length;
        }
        long named = overlong ? LineCheck.NOT_A_TIME : LineCheck.nanosOfDay(line, from, to);
        boolean first = !anyLine;
        anyLine = true;
        if (first && !events && named == LineCheck.NOT_A_TIME && !overlong
                && startsWith(line, from, to, REFUSAL_PREFIX.getBytes(StandardCharsets.US_ASCII))) {
            serverRefusal = new String(line, from, to - from, StandardCharsets.UTF_8);
            return; // not a line of the stream: the reason the stream is about to end
        }
        overlong = false;
        tally.line(previous, named, arrival);
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
}
