package dev.clock.net;

import java.util.Locale;

/** Why a connection or a request was turned away: the {@code reason} label of the refused counter. */
public enum Refusal {
    /** Every client slot is taken ({@code --max-clients}). */
    FULL,
    /** The address is not allowed ({@code --allow}, {@code --deny}). */
    DENIED,
    /** Its address holds as many connections as one may ({@code --max-per-source}). */
    PER_SOURCE,
    /** Over a rate: new connections from one address ({@code --max-connect-rate}), datagrams from one
     *  address ({@code --max-udp-rate}), or the global UDP reply cap. */
    RATE_LIMITED,
    /** A datagram from a well-known service's port, or one of ours: answering could start a loop (CVE-2024-2169). */
    SOURCE_PORT;

    /** The label value: {@code full}, {@code rate_limited}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
