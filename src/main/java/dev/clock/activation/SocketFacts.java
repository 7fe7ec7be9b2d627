package dev.clock.activation;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;

/**
 * What the kernel says a descriptor is, before anything is made of it.
 *
 * @param fd the descriptor
 * @param kind what it is
 * @param family for TCP and UDP, the socket's own family ({@code SO_DOMAIN}): an IPv6 socket's address may be IPv4-mapped
 * @param listening for TCP, whether it listens ({@code SO_ACCEPTCONN})
 * @param local for TCP and UDP, its bound address (port 0 if unbound)
 * @param remote for TCP, the peer of a connected socket; null otherwise
 * @param file for {@link Kind#NOT_A_SOCKET}, what it is instead ({@code /proc/self/fd}'s link:
 *     a path, {@code pipe:[N]}); null otherwise
 */
record SocketFacts(int fd, Kind kind, StandardProtocolFamily family, boolean listening, InetSocketAddress local, InetSocketAddress remote, String file) {

    enum Kind {
        /** Not open in this process. */
        CLOSED,
        /** Open, but a file, a pipe or a terminal. */
        NOT_A_SOCKET,
        /** A Unix-domain socket. */
        UNIX,
        /** A socket clock has no use for: another family or type (netlink, SCTP, a raw socket). */
        OTHER_SOCKET,
        /** An IPv4 or IPv6 stream socket. */
        TCP,
        /** An IPv4 or IPv6 datagram socket. */
        UDP
    }

    static SocketFacts closed(int fd) {
        return new SocketFacts(fd, Kind.CLOSED, null, false, null, null, null);
    }

    static SocketFacts notASocket(int fd, String file) {
        return new SocketFacts(fd, Kind.NOT_A_SOCKET, null, false, null, null, file);
    }

    static SocketFacts of(int fd, Kind kind) {
        return new SocketFacts(fd, kind, null, false, null, null, null);
    }

    static SocketFacts tcp(int fd, StandardProtocolFamily family, boolean listening, InetSocketAddress local, InetSocketAddress remote) {
        return new SocketFacts(fd, Kind.TCP, family, listening, local, remote, null);
    }

    static SocketFacts udp(int fd, StandardProtocolFamily family, InetSocketAddress local) {
        return new SocketFacts(fd, Kind.UDP, family, false, local, null, null);
    }
}
