package dev.clock.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where standard error leads. Under classic inetd (and systemd's {@code StandardInput=socket}
 * with the default output), descriptors 0, 1 and 2 are all the client's connection: a log line
 * written there lands inside the client's stream of times.
 */
final class StandardError {
    /** Linux's view of this process's descriptors: each a link to what it is open on. */
    static final Path DESCRIPTORS = Path.of("/proc/self/fd");

    private StandardError() {
    }

    /**
     * Whether standard error is the very socket standard input is ({@code socket:[inode]} both):
     * inetd's client. A socket of its own on standard error (journald's stream, under systemd's
     * {@code StandardError=journal}) is a log, and stays one.
     *
     * @param descriptors a directory of descriptor links, {@code /proc/self/fd}
     */
    static boolean isStandardInputsSocket(Path descriptors) {
        try {
            String err = Files.readSymbolicLink(descriptors.resolve("2")).toString();
            return err.startsWith("socket:") && err.equals(Files.readSymbolicLink(descriptors.resolve("0")).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return false; // no /proc (not Linux), or a descriptor closed: nothing says it is the client's
        }
    }
}
