package dev.clock.client;

import dev.clock.net.HostPort;
import java.io.IOException;

/** A connection could not be made; the message says to what and why, in a user's words. */
public final class ConnectFailedException extends IOException {
    private final String reason;

    public ConnectFailedException(HostPort target, String reason, Throwable cause) {
        super("cannot connect to " + target + ": " + reason, cause);
        this.reason = reason;
    }

    /** Why, alone: {@code connection refused}, {@code unknown host}, {@code timed out}. */
    public String reason() {
        return reason;
    }
}
