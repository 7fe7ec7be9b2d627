package dev.clock.activation;

import java.io.IOException;

/** A socket was handed over that clock cannot serve; the message says what to change. */
public final class UnusableSocketException extends IOException {
    public UnusableSocketException(String message) {
        super(message);
    }
}
