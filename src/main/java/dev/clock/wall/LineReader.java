package dev.clock.wall;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a server's lines with a bound on their length, and keeps a partial line across read
 * timeouts: the wall reads with a timeout to notice a stale clock, and a line that straddles one
 * is still one line. (A {@code BufferedReader} drops what it had of the line when a read times
 * out, and holds a line of any length in memory.)
 */
final class LineReader {
    /** Far more than any time a clock server sends: {@code yyyy-MM-dd HH:mm:ss.SSS xxx} is 30. */
    static final int MAX_LINE = 256;

    /** A line went on past {@link #MAX_LINE} bytes: not a clock server, or a broken one. */
    static final class LineTooLongException extends IOException {
        LineTooLongException() {
            super("line too long");
        }
    }

    private final InputStream in;
    private final byte[] line = new byte[MAX_LINE];
    private int length;
    private final byte[] buffer = new byte[1024];
    private int position;
    private int end;

    LineReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next line's bytes, without its {@code \n}; null when the stream ends (a partial last
     * line is dropped). A read timeout is thrown as it comes, and the line so far is kept for the
     * next call.
     *
     * @throws LineTooLongException if a line runs past {@link #MAX_LINE} bytes
     */
    byte[] readLine() throws IOException {
        while (true) {
            while (position < end) {
                byte b = buffer[position++];
                if (b == '\n') {
                    byte[] complete = Arrays.copyOf(line, length);
                    length = 0;
                    return complete;
                }
                if (length == MAX_LINE) {
                    throw new LineTooLongException();
                }
                line[length++] = b;
            }
            int n = in.read(buffer);
            if (n < 0) {
                return null;
            }
            position = 0;
            end = n;
        }
    }
}
