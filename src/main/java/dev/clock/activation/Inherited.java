package dev.clock.activation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The sockets {@code clock serve} was handed at start instead of binding its own: systemd's
 * ({@code LISTEN_FDS}, from descriptor 3 up, each named for its door), else inetd's or
 * {@code StandardInput=socket}'s on standard input ({@link System#inheritedChannel()}).
 * {@link #all()} is the API; {@link #channel()} is the stream's one socket, as before every door
 * could be handed over.
 */
public sealed interface Inherited {

    /** The door a socket on standard input is for: inetd names none, and it was always the stream. */
    String STANDARD_INPUT_DOOR = ListenFds.STREAM;

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
    static List<HandedOver> all() throws IOException {
        return Taken.ALL.get();
    }

    /**
     * Each handed-over socket's name is one of {@code doors}; a socket for a door that does not
     * exist would otherwise hold its clients unanswered.
     *
     * @throws UnusableSocketException naming the first that is not, and the names there are
     */
    static void requireDoors(List<HandedOver> handedOver, List<String> doors) throws UnusableSocketException {
        Handover.requireDoors(handedOver, doors);
    }

    // --- the stream's one socket, as clock serve took it before every door could be handed over ---

    /** Nothing handed over: bind as the options say. */
    record None() implements Inherited {
    }

    /** A bound, listening TCP socket (systemd's {@code Accept=no}, inetd's {@code wait}): serve every client it accepts. */
    record Listening(ServerSocketChannel channel, InetSocketAddress address) implements Inherited {
        public Listening {
            Objects.requireNonNull(channel);
            Objects.requireNonNull(address);
        }
    }

    /** One client's TCP connection (systemd's {@code Accept=yes}, inetd's {@code nowait}): serve it, then exit. */
    record Connected(SocketChannel channel, InetSocketAddress local, InetSocketAddress remote) implements Inherited {
        public Connected {
            Objects.requireNonNull(channel);
            Objects.requireNonNull(local);
            Objects.requireNonNull(remote);
        }
    }

    /**
     * The stream's socket of {@link #all()}, until every door takes its own from the list.
     *
     * @throws UnusableSocketException if a socket was handed over that clock cannot serve, or one
     *     for another door, which this clock serve cannot serve yet, saying what to change
     */
    static Inherited channel() throws IOException {
        return stream(all());
    }

    /** The one socket of {@code handedOver}, for the stream. */
    static Inherited stream(List<HandedOver> handedOver) throws UnusableSocketException {
        if (handedOver.isEmpty()) {
            return new None();
        }
        if (handedOver.size() > 1 || !handedOver.getFirst().name().equals(STANDARD_INPUT_DOOR)) {
            throw new UnusableSocketException(handedOver.size() + " socket(s) were handed over ("
                    + handedOver.stream().map(HandedOver::name).collect(Collectors.joining(", "))
                    + "), and this clock serve takes the stream's alone: hand over one socket, named stream");
        }
        return switch (handedOver.getFirst()) {
            case HandedOver.Listening l -> new Listening(l.channel(), l.local());
            case HandedOver.Connected c -> new Connected(c.channel(), c.local(), c.remote());
            case HandedOver.Datagram d -> throw new UnusableSocketException("the socket named stream is a UDP socket, "
                    + "and the stream is served over TCP: ListenStream=PORT");
        };
    }
}
