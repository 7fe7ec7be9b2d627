package dev.clock.client;

import dev.clock.net.Reasons;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * The book's netcat, read-write: copies the server's bytes to {@code out} as they arrive and
 * {@code in} to the server; when {@code in} ends it closes only its sending half and keeps
 * printing (the book's netcat3), so {@code clock nc < /dev/null} still shows the clock.
 *
 * <p>A clock server that turns a client away sends one line, {@code clock: server full, try again
 * later}, and closes. So a first line that starts with {@code clock: } is held back for up to
 * {@link #REFUSAL_WINDOW}: if the server closes right after it, nothing else sent, the copy ends
 * {@link Ending.Refused}; if anything else comes, or the window passes, the line is printed as
 * ordinary output and the copy goes on.
 */
public final class Netcat {
    /** How long a first line like a refusal is held back, waiting for the server to close. */
    public static final Duration REFUSAL_WINDOW = Duration.ofSeconds(1);
    private static final byte[] REFUSAL_PREFIX = "clock: ".getBytes(StandardCharsets.US_ASCII);
    /** A refusal is one short line; a longer first line is ordinary output. */
    private static final int MAX_REFUSAL = 256;

    private final InputStream in;
    private final OutputStream out;
    private final boolean sendEof;

    /**
     * @param sendEof when {@code in} ends, shut down the sending half so the server reads the end
     *                of our input (netcat's {@code -N}, the book's netcat3); otherwise leave the
     *                connection as it is, since a server may take the end of our input as our leaving
     */
    public Netcat(InputStream in, OutputStream out, boolean sendEof) {
        this.in = in;
        this.out = out;
        this.sendEof = sendEof;
    }

    /** How a copy ended, when the connection did not fail. */
    public sealed interface Ending {
        /** The server closed the connection. */
        record ServerClosed() implements Ending {
        }

        /** Our output was closed (a pipe to {@code head}, say): a reason to stop, not an error. */
        record OutputClosed() implements Ending {
        }

        /** Our output failed ({@code > /dev/full}, say): {@code reason} says why, in a user's words. */
        record OutputFailed(String reason) implements Ending {
        }

        /** The server turned us away with one line and closed: {@code reason} is that line, without {@code clock: }. */
        record Refused(String reason) implements Ending {
        }
    }

    /**
     * Copies until the server closes or our output does.
     *
     * @throws IOException if the connection fails (a reset, say)
     */
    public Ending copy(Socket socket) throws IOException {
        Thread sender = Thread.ofPlatform().daemon().name("nc-stdin").start(() -> send(socket));
        try (InputStream fromServer = socket.getInputStream()) {
            FirstLine first = new FirstLine();
            byte[] buffer = new byte[8192];
            while (true) {
                int n;
                try {
                    socket.setSoTimeout(first.timeoutMillis());
                    n = fromServer.read(buffer);
                } catch (SocketTimeoutException e) {
                    // The server kept the connection open after its line: it was no refusal.
                    write(first.release());
                    continue;
                } catch (IOException e) {
                    if (first.isRefusal()) {
                        return new Ending.Refused(first.reason()); // a reset right after the line: still a refusal
                    }
                    throw e;
                }
                if (n < 0) {
                    if (first.isRefusal()) {
                        return new Ending.Refused(first.reason());
                    }
                    write(first.release());
                    return new Ending.ServerClosed();
                }
                write(first.offer(buffer, n));
            }
        } catch (OutputEnded e) {
            return e.ending;
        } finally {
            sender.interrupt();
        }
    }

    /** Writes as it arrives, unbuffered: each line shows the moment it comes. */
    private void write(byte[] bytes) throws OutputEnded {
        if (bytes.length == 0) {
            return;
        }
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            String reason = Reasons.of(e);
            // EPIPE: whoever read our output has read enough ('| head').
            throw new OutputEnded(reason.equals("broken pipe") ? new Ending.OutputClosed() : new Ending.OutputFailed(reason));
        }
    }

    private void send(Socket socket) {
        try {
            in.transferTo(socket.getOutputStream());
            if (sendEof) {
                socket.shutdownOutput();
            }
        } catch (IOException e) {
            // The server closed first, or stopped taking input: what it sends still matters.
        }
    }

    /** Our output ended the copy; not an {@link IOException}, which would mean the connection failed. */
    private static final class OutputEnded extends Exception {
        final Ending ending;

        OutputEnded(Ending ending) {
            super(null, null, false, false);
            this.ending = ending;
        }
    }

    /** The start of the server's output while it may still be a refusal, and the judgement of it. */
    private static final class FirstLine {
        private ByteArrayOutputStream held = new ByteArrayOutputStream();
        private long deadline;

        /** Takes what arrived; returns what may be printed now (nothing while it is held). */
        byte[] offer(byte[] buffer, int n) {
            if (held == null) {
                return Arrays.copyOf(buffer, n);
            }
            if (held.size() == 0) {
                deadline = System.nanoTime() + REFUSAL_WINDOW.toNanos();
            }
            held.write(buffer, 0, n);
            return mayBeRefusal() ? new byte[0] : release();
        }

        /** Gives up holding: returns what was held, to be printed. */
        byte[] release() {
            if (held == null) {
                return new byte[0];
            }
            byte[] bytes = held.toByteArray();
            held = null;
            return bytes;
        }

        /** The read timeout: the time left to wait for the close while holding, else none. */
        int timeoutMillis() {
            if (held == null || held.size() == 0) {
                return 0;
            }
            return (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        }

        /** Whether what is held could still be a refusal: a prefix of one line that starts with {@code clock: }. */
        private boolean mayBeRefusal() {
            byte[] b = held.toByteArray();
            if (b.length > MAX_REFUSAL) {
                return false;
            }
            for (int i = 0; i < Math.min(b.length, REFUSAL_PREFIX.length); i++) {
                if (b[i] != REFUSAL_PREFIX[i]) {
                    return false;
                }
            }
            int newline = indexOf(b, (byte) '\n');
            return newline < 0 || newline == b.length - 1;
        }

        /** Whether what is held is a whole refusal line and nothing else. */
        boolean isRefusal() {
            if (held == null || held.size() <= REFUSAL_PREFIX.length || !mayBeRefusal()) {
                return false;
            }
            byte[] b = held.toByteArray();
            return b[b.length - 1] == '\n' && !reason().isEmpty();
        }

        /** The refusal's reason: the line after {@code clock: }, with anything unprintable made visible. */
        String reason() {
            String line = held.toString(StandardCharsets.UTF_8).substring(REFUSAL_PREFIX.length).strip();
            // A server's text goes to our stderr: no escape sequence or other control gets through.
            return line.codePoints()
                    .map(c -> Character.isISOControl(c) ? '?' : c)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                    .toString();
        }

        private static int indexOf(byte[] b, byte wanted) {
            for (int i = 0; i < b.length; i++) {
                if (b[i] == wanted) {
                    return i;
                }
            }
            return -1;
        }
    }
}
