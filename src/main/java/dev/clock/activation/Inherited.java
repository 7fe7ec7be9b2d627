package dev.clock.activation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code clock serve} found on its standard input, where systemd ({@code StandardInput=socket})
 * and inetd put the socket they hand over; the JDK gives it as {@link System#inheritedChannel()}.
 */
public sealed interface Inherited {

    /** Standard input is not a socket: bind as the options say. */
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
     * What this process inherited.
     *
     * @throws UnusableSocketException if a socket was handed over that clock cannot serve, saying what to change
     */
    static Inherited channel() throws IOException {
        return of(System.inheritedChannel(), System.getenv(), ProcessHandle.current().pid());
    }

    /**
     * Classifies {@code channel}, the socket on standard input or null, in an environment {@code env}
     * of the process {@code pid} (for systemd's {@code LISTEN_FDS}, which Java cannot take).
     */
    static Inherited of(Channel channel, Map<String, String> env, long pid) throws IOException {
        if (channel == null) {
            checkNoSystemdDescriptors(env, pid);
            return new None();
        }
        if (channel instanceof ServerSocketChannel listening && listening.getLocalAddress() instanceof InetSocketAddress address) {
            return new Listening(listening, address);
        }
        if (channel instanceof SocketChannel connected && connected.getLocalAddress() instanceof InetSocketAddress local
                && connected.getRemoteAddress() instanceof InetSocketAddress remote) {
            return new Connected(connected, local, remote);
        }
        throw new UnusableSocketException("standard input is " + describe(channel)
                + ", which clock serve cannot serve: hand it a TCP socket (systemd: ListenStream=PORT)");
    }

    /**
     * systemd's own protocol passes sockets from descriptor 3 up, named by {@code LISTEN_FDS} for
     * the process {@code LISTEN_PID}; Java can only take descriptor 0. Binding the options' port
     * instead would leave the clients systemd queued waiting forever, so it is an error that says
     * how to hand the socket over.
     */
    private static void checkNoSystemdDescriptors(Map<String, String> env, long pid) throws UnusableSocketException {
        String fds = env.get("LISTEN_FDS");
        if (fds == null || !Long.toString(pid).equals(env.get("LISTEN_PID"))) {
            return;
        }
        throw new UnusableSocketException("systemd passed " + fds + " socket(s) from descriptor 3 (LISTEN_FDS), which Java "
                + "cannot take: pass one socket on standard input instead (StandardInput=socket in the service, "
                + "systemd-socket-activate --inetd), or start clock through its launcher, bin/clock, which moves one there");
    }

    private static String describe(Channel channel) {
        return switch (channel) {
            case java.nio.channels.DatagramChannel d -> "a UDP socket";
            case ServerSocketChannel s -> "a listening socket that is not TCP (a Unix-domain socket?)";
            case SocketChannel s -> "a connection that is not TCP (a Unix-domain socket?)";
            default -> "a channel of an unknown kind (" + channel.getClass().getSimpleName() + ")";
        };
    }
}
