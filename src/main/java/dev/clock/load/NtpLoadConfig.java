package dev.clock.load;

import dev.clock.net.HostPort;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * What {@link NtpLoadGenerator} does.
 *
 * @param target      the NTP server, on loopback
 * @param sockets     UDP sockets, each with a thread of its own that sends and receives
 * @param outstanding requests in flight at most, over all sockets: replies make room for more
 * @param sources     source addresses, 127.0.0.1 onwards (127.0.0.255 is followed by 127.0.1.0);
 *                    1 for the system's choice. With more sources than sockets, each socket
 *                    moves on to its next address after {@code perSource} requests
 * @param perSource   requests sent from one source address before its socket moves on to the next
 * @param settle      how long to send before the hold window opens: the server's warm-up
 * @param hold        the window measured: requests sent inside it are counted
 * @param serverPid   the server's process, to sample its CPU, if given
 */
public record NtpLoadConfig(HostPort target, int sockets, int outstanding, int sources, int perSource, Duration settle,
                            Duration hold, OptionalLong serverPid) {
    public static final int MOST_SOCKETS = 8;
    public static final int MOST_OUTSTANDING = 1024;
    /** 127.0.0.1 to 127.15.66.64: far more than any rate table remembers, and all of them this host's. */
    public static final int MOST_SOURCES = 1_000_000;
    private static final int FIRST_LOOPBACK = 0x7f000001;

    /** @throws IllegalArgumentException with a one-line message saying what is wrong and what to use */
    public NtpLoadConfig {
        if (sockets < 1 || sockets > MOST_SOCKETS) {
            throw new IllegalArgumentException("--sockets " + sockets + " is out of range: use 1 to " + MOST_SOCKETS);
        }
        if (outstanding < sockets || outstanding > MOST_OUTSTANDING) {
            throw new IllegalArgumentException("--outstanding " + outstanding + " is out of range: use " + sockets
                    + " (one per socket) to " + MOST_OUTSTANDING);
        }
        if (sources < 1 || sources > MOST_SOURCES) {
            throw new IllegalArgumentException("--sources " + sources + " is out of range: use 1 to " + MOST_SOURCES);
        }
        if (perSource < 1) {
            throw new IllegalArgumentException("--per-source " + perSource + " is out of range: use 1 or more");
        }
    }

    /** The {@code index}-th source address, from 0: 127.0.0.1, 127.0.0.2, ... */
    static InetAddress source(int index) {
        int address = FIRST_LOOPBACK + index;
        byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return Inet4Address.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("four bytes are always an address", e);
        }
    }
}
