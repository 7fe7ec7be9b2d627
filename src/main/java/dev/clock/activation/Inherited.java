package dev.clock.activation;

import java.io.IOException;
import java.util.List;

/**
 * The sockets {@code clock serve} was handed at start instead of binding its own: systemd's
 * ({@code LISTEN_FDS}, from descriptor 3 up, each named for its door), else inetd's or
 * {@code StandardInput=socket}'s on standard input ({@link System#inheritedChannel()}).
 * {@link #all()} gives each, named for the door that serves it.
 */
public final class Inherited {
    private Inherited() {
    }

    /** The door a socket on standard input is for: inetd names none, and it was always the stream. */
    public static final String STANDARD_INPUT_DOOR = ListenFds.STREAM;

    /**
     * Every socket handed over, taken once for the whole run: the descriptors of {@code LISTEN_FDS}
     * if it is set for this process (then unset, as {@code sd_listen_fds(3)} does), else the socket
     * on standard input, else none. Each is classified with its local address: a listening TCP
     * socket, a bound UDP socket, or one client's TCP connection.
     *
     * @throws UnusableSocketException if a socket was handed over that clock cannot serve, or the
     *     variables cannot be followed: one line saying what was wrong and what to do
     * @throws IOException if the kernel could not be asked
     */
    public static List<HandedOver> all() throws IOException {
        return Taken.ALL.get();
    }
}
