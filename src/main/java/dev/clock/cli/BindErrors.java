package dev.clock.cli;

import java.io.IOException;
import java.net.BindException;
import java.util.Locale;

/** The kernel's reason a listen failed, as a user reads it. */
final class BindErrors {
    private BindErrors() {
    }

    static String reason(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof BindException) {
            if (message.startsWith("Address already in use")) {
                return "address already in use";
            }
            if (message.startsWith("Cannot assign requested address")) {
                return "not an address of this machine";
            }
            if (message.startsWith("Permission denied")) {
                return "permission denied (ports below 1024 need privileges)";
            }
        }
        return message.toLowerCase(Locale.ROOT);
    }
}
