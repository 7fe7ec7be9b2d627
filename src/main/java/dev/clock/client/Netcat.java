package dev.clock.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The book's netcat, read-write: copies the server's bytes to {@code out} as they arrive and
 * {@code in} to the server; when {@code in} ends it closes only its sending half and keeps
 * printing (the book's netcat3), so {@code clock nc < /dev/null} still shows the clock.
 */
public final class Netcat {
    private final InputStream in;
    private final OutputStream out;

    public Netcat(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** How a copy ended. */
    public enum Ending {
        /** The server closed the connection. */
        SERVER_CLOSED,
        /** Our output was closed (a pipe to {@code head}, say): a reason to stop, not an error. */
        OUTPUT_CLOSED
    }

    /**
     * Copies until the server closes or our output does.
     *
     * @throws IOException if the connection fails (a reset, say)
     */
    public Ending copy(Socket socket) throws IOException {
        Thread sender = Thread.ofPlatform().daemon().name("nc-stdin").start(() -> send(socket));
        try (InputStream fromServer = socket.getInputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = fromServer.read(buffer)) >= 0) {
                // Written as it arrives, unbuffered: each line shows the moment it comes.
                try {
                    out.write(buffer, 0, n);
                    out.flush();
                } catch (IOException e) {
                    return Ending.OUTPUT_CLOSED;
                }
            }
            return Ending.SERVER_CLOSED;
        } finally {
            sender.interrupt();
        }
    }

    private void send(Socket socket) {
        try {
            in.transferTo(socket.getOutputStream());
            socket.shutdownOutput();
        } catch (IOException e) {
            // The server closed first, or stopped taking input: what it sends still matters.
        }
    }
}
