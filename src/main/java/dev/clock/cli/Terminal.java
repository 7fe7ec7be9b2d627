package dev.clock.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import sun.misc.Signal;

/** Whether a standard stream is a terminal, so that progress and redraws go only where a person looks. */
final class Terminal {
    private Terminal() {
    }

    /** @param fd 1 for stdout, 2 for stderr */
    static boolean isTerminal(int fd) {
        return device(fd).isPresent();
    }

    /** The terminal device a standard stream writes to ({@code /dev/pts/3}), if it is one. @param fd 1 for stdout, 2 for stderr */
    static Optional<Path> device(int fd) {
        try {
            Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd));
            String name = target.toString();
            return name.startsWith("/dev/pts/") || name.startsWith("/dev/tty") ? Optional.of(target) : Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Runs {@code action} whenever the terminal is resized (SIGWINCH), on the signal's own thread. */
    static void onResize(Runnable action) {
        Signal.handle(new Signal("WINCH"), s -> action.run());
    }
}
