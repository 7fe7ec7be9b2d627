package dev.clock.ntp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a datagram is a client's request to answer, before any work is spent on it.
 * Only a mode-3 request of a known version and at least a header's length is answered, so a reply
 * (48 bytes) is never larger than what asked for it, and nothing that is itself a reply (mode 4,
 * a Kiss-o'-Death included) is ever answered: two servers cannot keep each other talking.
 */
final class RequestCheck {
    /** NTP's port, which ntpd also sends its client requests from. */
    static final int NTP_PORT = 123;
    private static final int FIRST_UNPRIVILEGED_PORT = 1024;

    private final InetSocketAddress self;
    private final Set<InetAddress> localAddresses;

    private RequestCheck(InetSocketAddress self, Set<InetAddress> localAddresses) {
        this.self = self;
        this.localAddresses = localAddresses;
    }

    /** For a server bound to {@code self}: its own address and port are never answered. */
    static RequestCheck forServerAt(InetSocketAddress self) {
        return new RequestCheck(self, self.getAddress().isAnyLocalAddress() ? interfaceAddresses() : Set.of(self.getAddress()));
    }

    private static Set<InetAddress> interfaceAddresses() {
        try {
            return NetworkInterface.networkInterfaces()
                    .flatMap(NetworkInterface::inetAddresses)
                    .collect(Collectors.toUnmodifiableSet());
        } catch (SocketException e) {
            return Set.of(); // loopback and the wildcard are still recognised below
        }
    }

    /**
     * Why {@code datagram} (from its position to its limit) from {@code source} gets no reply, or
     * null when it is a request to answer.
     */
    NtpDrop verdict(ByteBuffer datagram, InetSocketAddress source) {
        int port = source.getPort();
        if (port == 0 || (port < FIRST_UNPRIVILEGED_PORT && port != NTP_PORT)) {
            // A client's own port is ephemeral or 123 (ntpd); a reply to a service's port (echo,
            // chargen, DNS, another NTP server's 123 is fine) is the start of a forged-source loop.
            return NtpDrop.SOURCE_PORT;
        }
        if (port == self.getPort() && isOwn(source.getAddress())) {
            return NtpDrop.OWN_ADDRESS;
        }
        if (!datagram.hasRemaining()) {
            return NtpDrop.TOO_SHORT;
        }
        int first = datagram.get(datagram.position());
        int mode = NtpPacket.mode(first);
        if (mode == NtpPacket.MODE_CONTROL) {
            return NtpDrop.CONTROL;
        }
        if (mode == NtpPacket.MODE_PRIVATE) {
            return NtpDrop.PRIVATE;
        }
        if (mode != NtpPacket.MODE_CLIENT) {
            return NtpDrop.NOT_A_REQUEST;
        }
        if (datagram.remaining() < NtpPacket.HEADER_LENGTH) {
            return NtpDrop.TOO_SHORT;
        }
        int version = NtpPacket.version(first);
        if (version < 1 || version > 4) {
            return NtpDrop.BAD_VERSION;
        }
        return null;
    }

    private boolean isOwn(InetAddress address) {
        if (self.getAddress().isAnyLocalAddress()) {
            return address.isLoopbackAddress() || address.isAnyLocalAddress() || localAddresses.contains(address);
        }
        return localAddresses.contains(address);
    }
}
