package dev.clock.service;

/** A service could not listen; the message names the address, the option and the kernel's reason. */
public final class ListenException extends Exception {
    public ListenException(String message, Throwable cause) {
        super(message, cause);
    }
}
