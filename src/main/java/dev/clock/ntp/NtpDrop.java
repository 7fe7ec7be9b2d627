package dev.clock.ntp;

import java.util.Locale;

/** Why a datagram got no reply at all: the {@code reason} label of the NTP server's dropped counter. */
public enum NtpDrop {
    /** Shorter than NTP's 48-byte header. */
    TOO_SHORT,
    /** A version other than 1 to 4. */
    BAD_VERSION,
    /** Mode 6, ntpq's control queries: never answered, they can be far larger than the query. */
    CONTROL,
    /** Mode 7, ntpdc's private queries, {@code monlist} among them: the amplifier of the 2014 attacks. */
    PRIVATE,
    /** Any other mode that is not a client's request: symmetric (1, 2), a server's reply (4), broadcast (5), reserved (0). */
    NOT_A_REQUEST,
    /** From port 0, a well-known port below 1024 other than NTP's 123, or a port number another door of
     *  this process serves on (a peer configured alike does too): a forged source (CVE-2024-2169). */
    SOURCE_PORT,
    /** From an address and port of this process's own, this server's or another UDP door's: a forged source. */
    OWN_ADDRESS,
    /** Over the client's rate limit, and not one of those answered with a Kiss-o'-Death. */
    RATE_LIMITED;

    /** The label value: {@code too_short}, {@code rate_limited}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
