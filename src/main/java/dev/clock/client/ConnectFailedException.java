package dev.clock.client;

import java.io.IOException;

/** A connection could not be made; the message says to what and why, in a user's words. */
public final class ConnectFailedException extends IOException {
    public ConnectFailedException(HostPort target, String reason, Throwable cause) {
        super("cannot connect to " + target + ": " + reason, cause);
    }
}
