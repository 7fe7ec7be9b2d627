package dev.clock.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A test's client of a line server: reads lines and notes when each arrived. */
public final class LineClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader reader;

    public LineClient(int port, Duration readTimeout) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
        reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    public LineClient(int port) throws IOException {
        this(port, Duration.ofSeconds(5));
    }

    /** The next line, or null when the server closed. */
    public String readLine() throws IOException {
        return reader.readLine();
    }

    /** The next line and the {@link System#nanoTime()} it arrived at. */
    public Timed readTimed() throws IOException {
        String line = reader.readLine();
        return new Timed(line, System.nanoTime());
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public record Timed(String line, long nanos) {
    }
}
