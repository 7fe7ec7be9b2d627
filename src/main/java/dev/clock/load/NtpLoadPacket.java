package dev.clock.load;

import java.nio.ByteBuffer;

/**
 * The load generator's side of NTP (RFC 5905): the client request it sends, and the check of what
 * comes back. Written apart from the server's own packet code on purpose: a load that shared it
 * would accept whatever mistakes the server makes.
 */
final class NtpLoadPacket {
    static final int HEADER_LENGTH = 48;
    private static final int VERSION = 4;
    private static final int MODE_CLIENT = 3;
    private static final int MODE_SERVER = 4;
    private static final int STRATUM_KISS_OF_DEATH = 0;
    /** 16 and up: the server says it is not synchronized, and its time is not to be used. */
    private static final int STRATUM_UNSYNCHRONIZED = 16;
    private static final int LEAP_UNSYNCHRONIZED = 3;
    private static final int ORIGIN_TIME = 24;
    private static final int TRANSMIT_TIME = 40;

    /** What a datagram that came back is. */
    enum Verdict {
        /** A server's time reply: mode 4, a stratum of 1 to 15, a transmit time. */
        TIME,
        /** A Kiss-o'-Death: mode 4, stratum 0 (RATE, DENY, ...). */
        KISS_OF_DEATH,
        /** Shorter than NTP's 48-byte header. */
        SHORT,
        /** Not a server's reply: any mode but 4, a request (3) echoed back among them. */
        NOT_A_REPLY,
        /** Mode 4, but the server says its clock is unsynchronized, or it carries no transmit time. */
        NO_TIME;

        /** How the report names it: {@code not a reply (mode is not 4)}. */
        String describe() {
            return switch (this) {
                case TIME -> "a time reply";
                case KISS_OF_DEATH -> "a Kiss-o'-Death";
                case SHORT -> "shorter than 48 bytes";
                case NOT_A_REPLY -> "not a reply (mode is not 4)";
                case NO_TIME -> "no usable time (unsynchronized, or transmit time 0)";
            };
        }
    }

    private NtpLoadPacket() {
    }

    /**
     * Writes a client request into {@code packet} (48 bytes): version 4, mode 3, every field zero
     * but the transmit time, {@code transmit}, which a server copies into its reply's origin time.
     * As chrony's client does, the transmit time need not be the time: any value the reply must
     * echo will do, and a random one cannot be guessed by a forger.
     */
    static void request(byte[] packet, long transmit) {
        ByteBuffer b = ByteBuffer.wrap(packet, 0, HEADER_LENGTH);
        for (int i = 0; i < HEADER_LENGTH; i++) {
            packet[i] = 0;
        }
        packet[0] = (byte) (VERSION << 3 | MODE_CLIENT);
        b.putLong(TRANSMIT_TIME, transmit);
    }

    /** What the first {@code length} bytes of {@code packet} are, without looking at whom they answer. */
    static Verdict check(byte[] packet, int length) {
        if (length < HEADER_LENGTH) {
            return Verdict.SHORT;
        }
        int first = packet[0] & 0xff;
        if ((first & 0x7) != MODE_SERVER) {
            return Verdict.NOT_A_REPLY;
        }
        int stratum = packet[1] & 0xff;
        if (stratum == STRATUM_KISS_OF_DEATH) {
            return Verdict.KISS_OF_DEATH;
        }
        if (stratum >= STRATUM_UNSYNCHRONIZED || first >> 6 == LEAP_UNSYNCHRONIZED
                || ByteBuffer.wrap(packet).getLong(TRANSMIT_TIME) == 0) {
            return Verdict.NO_TIME;
        }
        return Verdict.TIME;
    }

    /** The origin time of a reply: the transmit time of the request it answers. */
    static long origin(byte[] packet) {
        return ByteBuffer.wrap(packet).getLong(ORIGIN_TIME);
    }
}
