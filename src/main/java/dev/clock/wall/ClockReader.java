package dev.clock.wall;

import dev.clock.client.ConnectFailedException;
import dev.clock.client.Dialer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Follows one clock server for the wall, on a thread of its own: every line it sends becomes the
 * clock's time; two intervals with no line mark it stale; a lost or refused connection marks it
 * down and is retried, 0.5 s doubling to 10 s, until the server is back.
 */
final class ClockReader implements Runnable {
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofSeconds(10);

    private final ClockSpec clock;
    private final int index;
    private final Wall wall;
    private final Duration interval;

    ClockReader(ClockSpec clock, int index, Wall wall, Duration interval) {
        this.clock = clock;
        this.index = index;
        this.wall = wall;
        this.interval = interval;
    }

    @Override
    public void run() {
        Duration retry = FIRST_RETRY;
        while (!Thread.currentThread().isInterrupted()) {
            String reason;
            try (Socket socket = Dialer.dial(clock.server(), MAX_RETRY)) {
                retry = FIRST_RETRY;
                reason = follow(socket);
            } catch (ConnectFailedException e) {
                reason = e.reason();
            } catch (IOException e) {
                reason = e.getMessage() == null ? "connection lost" : e.getMessage().toLowerCase(Locale.ROOT);
            }
            wall.update(index, new ClockState(clock.name(), ClockState.Status.DOWN, last(), reason));
            try {
                Thread.sleep(retry);
            } catch (InterruptedException e) {
                return;
            }
            retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
        }
    }

    /** Reads lines until the connection ends; returns why it ended. */
    private String follow(Socket socket) throws IOException {
        socket.setSoTimeout(Math.toIntExact(interval.multipliedBy(2).toMillis()));
        BufferedReader lines = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 256);
        while (true) {
            String line;
            try {
                line = lines.readLine();
            } catch (SocketTimeoutException e) {
                ClockState now = wall.state(index);
                if (now.status() != ClockState.Status.STALE) {
                    wall.update(index, new ClockState(clock.name(), ClockState.Status.STALE, now.time(), null));
                }
                continue;
            }
            if (line == null) {
                return "server closed the connection";
            }
            wall.update(index, new ClockState(clock.name(), ClockState.Status.UP, line.strip(), null));
        }
    }

    private String last() {
        return wall.state(index).time();
    }
}
