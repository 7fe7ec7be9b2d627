package dev.clock.ntp;

import dev.clock.access.LoopGuard;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Decides whether a datagram is a client's request to answer, before any work is spent on it.
 * Only a mode-3 request of a known version and at least a header's length is answered, so a reply
 * (48 bytes) is never larger than what asked for it, and nothing that is itself a reply (mode 4,
 * a Kiss-o'-Death included) is ever answered: two servers cannot keep each other talking.
 */
final class RequestCheck {
    /** NTP's port, which ntpd also sends its client requests from. */
    static final int NTP_PORT = 123;

    private final LoopGuard guard;

    /**
     * @param guard the process's loop guard, with this server's address and port registered: NTP's
     *              clients may send from 123 (ntpd does), so it is made to allow that port
     */
    RequestCheck(LoopGuard guard) {
        this.guard = guard.allowing(NTP_PORT);
    }

    /**
     * Why {@code datagram} (from its position to its limit) from {@code source} gets no reply, or
     * null when it is a request to answer.
     */
    NtpDrop verdict(ByteBuffer datagram, InetSocketAddress source) {
        switch (guard.risk(source)) {
            // A client's own port is ephemeral or 123 (ntpd); a reply to a service's port (echo,
            // chargen, DNS; another NTP server's 123 is fine) is the start of a forged-source loop.
            case SERVICE_PORT -> {
                return NtpDrop.SOURCE_PORT;
            }
            case OWN -> {
                return NtpDrop.OWN_ADDRESS;
            }
            case NONE -> {
                // a client's port: on to what it sent
            }
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
}
