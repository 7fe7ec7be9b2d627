package dev.clock.wall;

import dev.clock.client.ConnectFailedException;
import dev.clock.client.Dialer;
import dev.clock.net.Backoff;
import dev.clock.net.Reasons;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Follows one clock server for the wall, on a thread of its own: every line it sends that is a
 * time becomes the clock's time, other lines are shown as not a time; two intervals with no line
 * mark it stale; a lost or refused connection, or a line too long to be a time, marks it down and
 * is retried, 0.5 s doubling to 10 s, until the server sends times again.
 */
final class ClockReader implements Runnable {
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofSeconds(10);

    private final ClockSpec clock;
    private final int index;
    private final Wall wall;
    private final Duration interval;
    private final InstantSource now;
    private final Duration firstRetry;

    ClockReader(ClockSpec clock, int index, Wall wall, Duration interval, InstantSource now) {
        this(clock, index, wall, interval, now, FIRST_RETRY);
    }

    /** With a first retry of its own: the tests' is a few milliseconds, not half a second. */
    ClockReader(ClockSpec clock, int index, Wall wall, Duration interval, InstantSource now, Duration firstRetry) {
        this.clock = clock;
        this.index = index;
        this.wall = wall;
        this.interval = interval;
        this.now = now;
        this.firstRetry = firstRetry;
    }

    @Override
    public void run() {
        // Reset by a time, not by a connection: a server that accepts and then sends garbage or
        // hangs up is retried ever more slowly, like one that refuses.
        Backoff retries = new Backoff(firstRetry, MAX_RETRY);
        while (!Thread.currentThread().isInterrupted()) {
            String reason;
            try (Socket socket = Dialer.dial(clock.server(), MAX_RETRY)) {
                reason = follow(socket, retries);
            } catch (ConnectFailedException e) {
                reason = e.reason();
            } catch (IOException e) {
                reason = Reasons.of(e);
            }
            wall.update(index, wall.state(index).down(reason));
            try {
                Thread.sleep(retries.next());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Reads lines until the connection ends; returns why it ended. */
    private String follow(Socket socket, Backoff retries) throws IOException {
        socket.setSoTimeout(Math.toIntExact(interval.multipliedBy(2).toMillis()));
        LineReader lines = new LineReader(socket.getInputStream());
        while (true) {
            byte[] line;
            try {
                line = lines.readLine();
            } catch (SocketTimeoutException e) {
                ClockState now = wall.state(index);
                if (now.status() != ClockState.Status.STALE) {
                    wall.update(index, now.stale());
                }
                continue;
            }
            if (line == null) {
                return "server closed the connection";
            }
            String text = ServerText.printable(line);
            if (ServerText.isTime(text)) {
                retries.reset();
                wall.update(index, wall.state(index).up(text, CardCalendar.of(text, clock.zone(), now.instant())));
            } else {
                wall.update(index, wall.state(index).notATime(text));
            }
        }
    }
}
