package dev.clock.ntp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The NTP header of RFC 5905, 48 bytes, and the two replies this server writes into it: the time,
 * and a Kiss-o'-Death. Extension fields and MACs after the header are ignored.
 */
final class NtpPacket {
    static final int HEADER_LENGTH = 48;

    static final int MODE_CLIENT = 3;
    static final int MODE_SERVER = 4;
    static final int MODE_CONTROL = 6;
    static final int MODE_PRIVATE = 7;

    private static final int LEAP_NONE = 0;
    /** Also the leap indicator of a Kiss-o'-Death, as ntpd sends it: do not set your clock from this. */
    private static final int LEAP_UNSYNCHRONIZED = 3;
    private static final int STRATUM_KISS_OF_DEATH = 0;

    /**
     * The shortest poll a reply suggests when no rate limit sets one: chrony's shortest for its own
     * sources ({@code MIN_POLL} in its ntp_core.c), 2^-7 s.
     */
    static final int SHORTEST_POLL = -7;
    /** The longest poll a reply suggests: RFC 5905's {@code MAXPOLL}, 2^17 s (36 h). */
    static final int LONGEST_POLL = 17;

    /** A local clock's reference ID: ntpd's local driver says {@code LOCL} (chrony's {@code local} 127.127.1.1). */
    static final int REFERENCE_LOCAL = ascii("LOCL");
    static final int KISS_RATE = ascii("RATE");

    private static final int POLL = 2;
    private static final int PRECISION = 3;
    private static final int ROOT_DELAY = 4;
    private static final int ROOT_DISPERSION = 8;
    private static final int REFERENCE_ID = 12;
    private static final int REFERENCE_TIME = 16;
    private static final int ORIGIN_TIME = 24;
    private static final int RECEIVE_TIME = 32;
    static final int TRANSMIT_TIME = 40;

    private NtpPacket() {
    }

    static int mode(int firstByte) {
        return firstByte & 0x7;
    }

    static int version(int firstByte) {
        return (firstByte >> 3) & 0x7;
    }

    /**
     * Writes the header of a reply to {@code request} into {@code reply} from 0 to 48, all but its
     * transmit time, which the caller stamps last, just before sending.
     *
     * @param receive     when the request was taken, as an NTP timestamp
     * @param precision   the clock's, log2 seconds
     * @param minimumPoll the shortest poll the reply suggests, log2 seconds: the rate limit's interval
     */
    static void timeReply(ByteBuffer request, ByteBuffer reply, int stratum, int precision, long receive, int minimumPoll) {
        int version = version(request.get(request.position()));
        reply.clear();
        reply.put(0, (byte) (LEAP_NONE << 6 | version << 3 | MODE_SERVER));
        reply.put(1, (byte) stratum);
        reply.put(POLL, (byte) replyPoll(request, minimumPoll));
        reply.put(PRECISION, (byte) precision);
        reply.putInt(ROOT_DELAY, 0);
        reply.putInt(ROOT_DISPERSION, rootDispersion(precision));
        reply.putInt(REFERENCE_ID, REFERENCE_LOCAL);
        // The host's clock is its own reference, read for this very request: neither stale nor later
        // than the transmit time, as chrony's local reference is kept.
        reply.putLong(REFERENCE_TIME, receive);
        reply.putLong(ORIGIN_TIME, request.getLong(request.position() + TRANSMIT_TIME));
        reply.putLong(RECEIVE_TIME, receive);
        reply.limit(HEADER_LENGTH);
    }

    /**
     * Writes a Kiss-o'-Death {@code RATE} in reply to {@code request}: stratum 0, as ntpd sends it,
     * every timestamp the client's own transmit time, so it carries no time to set a clock from, and
     * a poll no shorter than {@code minimumPoll} to slow the client down.
     */
    static void rateKiss(ByteBuffer request, ByteBuffer reply, int precision, int minimumPoll) {
        int version = version(request.get(request.position()));
        long clientTransmit = request.getLong(request.position() + TRANSMIT_TIME);
        reply.clear();
        reply.put(0, (byte) (LEAP_UNSYNCHRONIZED << 6 | version << 3 | MODE_SERVER));
        reply.put(1, (byte) STRATUM_KISS_OF_DEATH);
        reply.put(POLL, (byte) replyPoll(request, minimumPoll));
        reply.put(PRECISION, (byte) precision);
        reply.putInt(ROOT_DELAY, 0);
        reply.putInt(ROOT_DISPERSION, 0);
        reply.putInt(REFERENCE_ID, KISS_RATE);
        reply.putLong(REFERENCE_TIME, 0);
        reply.putLong(ORIGIN_TIME, clientTransmit);
        reply.putLong(RECEIVE_TIME, clientTransmit);
        reply.putLong(TRANSMIT_TIME, clientTransmit);
        reply.limit(HEADER_LENGTH);
    }

    /**
     * The poll a reply suggests: the request's, as chronyd answers (its NCR_ProcessRxUnknown), raised
     * to {@code minimumPoll} to ask a client that polls faster than the rate limit allows to slow
     * down, and cut to {@link #LONGEST_POLL}: a request's byte is any of -128 to 127, and echoing
     * 127 (2^127 s) or -128 tells a client nothing it can use.
     */
    static int replyPoll(ByteBuffer request, int minimumPoll) {
        int asked = request.get(request.position() + POLL);
        return Math.clamp(asked, Math.clamp(minimumPoll, SHORTEST_POLL, LONGEST_POLL), LONGEST_POLL);
    }

    /**
     * A local clock's root dispersion, in NTP's 16.16 seconds: no path to a reference adds to it,
     * only the error of reading the clock, one step of its precision (at least one unit, 15 µs).
     */
    static int rootDispersion(int precision) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, Math.ceil(Math.scalb(1.0, precision + 16))));
    }

    private static int ascii(String code) {
        return ByteBuffer.wrap(code.getBytes(StandardCharsets.US_ASCII)).getInt();
    }
}
