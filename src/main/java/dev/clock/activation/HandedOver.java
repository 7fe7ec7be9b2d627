package dev.clock.activation;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * One socket handed over at start (systemd's {@code LISTEN_FDS}, or inetd's on standard input, named stream),
 * ready to serve, under the name of the door it is for ({@code stream}, {@code http},
 * {@code daytime}, {@code time}, {@code ntp}, {@code metrics}: systemd's {@code FileDescriptorName=},
 * {@code LISTEN_FDNAMES}). The channel is the receiver's to configure and close.
 */
public sealed interface HandedOver {

    /** The door this socket is for, as the one who handed it over named it. */
    String name();

    /** Where clients reach it: the local address. */
    InetSocketAddress local();

    /** A bound, listening TCP socket (systemd's {@code Accept=no}, inetd's {@code wait}): serve every client it accepts. */
    record Listening(String name, ServerSocketChannel channel, InetSocketAddress local) implements HandedOver {
        public Listening {
            Objects.requireNonNull(name);
            Objects.requireNonNull(channel);
            Objects.requireNonNull(local);
        }
    }

    /** A bound UDP socket (systemd's {@code ListenDatagram=}): answer what it receives. */
    record Datagram(String name, DatagramChannel channel, InetSocketAddress local) implements HandedOver {
        public Datagram {
            Objects.requireNonNull(name);
            Objects.requireNonNull(channel);
            Objects.requireNonNull(local);
        }
    }

    /** One client's TCP connection (systemd's {@code Accept=yes}, inetd's {@code nowait}): serve it, then exit. */
    record Connected(String name, SocketChannel channel, InetSocketAddress local, InetSocketAddress remote)
            implements HandedOver {
        public Connected {
            Objects.requireNonNull(name);
            Objects.requireNonNull(channel);
            Objects.requireNonNull(local);
            Objects.requireNonNull(remote);
        }
    }
}
