package dev.clock.activation;

import dev.clock.net.HostPort;
import java.io.File;
import java.util.List;

/**
 * Which channel a handed-over descriptor becomes, or the one-line error that says why it cannot
 * be served and what to hand over instead. The one place these rules live, for descriptors 3 and
 * up and for standard input.
 */
final class Classifier {
    /** What to make of a socket that can be served. */
    enum Shape { LISTENING, DATAGRAM, CONNECTED }

    private static final String HAND_OVER = "hand over a listening TCP socket (ListenStream=), a UDP socket "
            + "(ListenDatagram=) or one client's connection (Accept=yes)";

    private Classifier() {
    }

    /**
     * @param where how the error names the descriptor, e.g. {@code descriptor 3 (LISTEN_FDS, named 'http')}
     * @throws UnusableSocketException if clock cannot serve it
     */
    static Shape shape(SocketFacts facts, String where) throws UnusableSocketException {
        return switch (facts.kind()) {
            case CLOSED -> throw new UnusableSocketException(where + " is not open: whoever started clock serve said "
                    + "it passed a socket there and did not; start it from a socket unit or systemd-socket-activate, "
                    + "or unset LISTEN_FDS");
            case NOT_A_SOCKET -> throw ownFile(facts.file()) ? new UnusableSocketException(where + " was not open when "
                    + "clock serve started (the JVM has opened its own file there since): start it from a socket unit or "
                    + "systemd-socket-activate, or unset LISTEN_FDS")
                    : new UnusableSocketException(where + " is not a socket but " + describe(facts.file())
                    + ": " + HAND_OVER + ", or unset LISTEN_FDS");
            case UNIX -> throw new UnusableSocketException(where + " is a Unix-domain socket, and clock serves TCP and "
                    + "UDP only: " + HAND_OVER);
            case OTHER_SOCKET -> throw new UnusableSocketException(where + " is a socket that is neither TCP nor UDP: "
                    + HAND_OVER);
            case UDP -> Shape.DATAGRAM;
            case TCP -> {
                if (facts.listening()) {
                    yield Shape.LISTENING;
                }
                if (facts.remote() != null) {
                    yield Shape.CONNECTED;
                }
                throw new UnusableSocketException(where + " is a TCP socket that neither listens nor is connected"
                        + (facts.local() == null || facts.local().getPort() == 0 ? "" : " (bound to " + HostPort.format(facts.local()) + ")")
                        + ", so no client could ever reach it: " + HAND_OVER);
            }
        };
    }

    /**
     * Whether the file is one the JVM opens as it starts (its runtime's, or the class path's):
     * found on a descriptor that was closed when the process started, and took its number.
     */
    private static boolean ownFile(String file) {
        if (file == null) {
            return false;
        }
        String runtime = System.getProperty("java.home", "");
        return (!runtime.isEmpty() && file.startsWith(runtime + "/"))
                || List.of(System.getProperty("java.class.path", "").split(File.pathSeparator)).contains(file);
    }

    /** {@code /proc/self/fd}'s link in words: a path is a file, {@code pipe:[N]} a pipe. */
    private static String describe(String file) {
        if (file == null) {
            return "something else";
        }
        if (file.startsWith("pipe:")) {
            return "a pipe";
        }
        if (file.startsWith("/dev/")) {
            return "a device, " + file;
        }
        if (file.startsWith("/")) {
            return "a file, " + file;
        }
        return file;
    }
}
