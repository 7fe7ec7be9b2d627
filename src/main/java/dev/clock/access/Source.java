package dev.clock.access;

import java.net.InetAddress;

/**
 * Who a limit counts as one client: an IPv4 address, or an IPv6 /64 (one host usually holds a whole
 * /64, so counting single IPv6 addresses would let it through 2^64 times). Every door and every
 * table keys its sources this way, NTP's rate limit included.
 *
 * <p>The key is the client's 128 bits in IPv6's space, an IPv4 address as {@code ::ffff:a.b.c.d}
 * (whether it came as one or through an IPv6 socket), an IPv6 address cut to its /64: two longs,
 * which the tables of the datagram path take as they are, with no key object or copy per packet.
 *
 * @param high the first 64 bits
 * @param low  the last 64 bits: 0 for IPv6, {@code 0xffff} and the IPv4 address for IPv4
 */
public record Source(long high, long low) {
    private static final long MAPPED = 0xffff_0000_0000L;

    public static Source of(InetAddress address) {
        byte[] a = address.getAddress();
        return new Source(high(a), low(a));
    }

    /** The first half of the key of {@code address}'s bytes (4 or 16, as {@link InetAddress#getAddress()}). */
    static long high(byte[] address) {
        return address.length == 4 || isMapped(address) ? 0 : bits(address, 0);
    }

    /** The second half of the key of {@code address}'s bytes. */
    static long low(byte[] address) {
        if (address.length == 4) {
            return MAPPED | (bits(address, 0) >>> 32);
        }
        return isMapped(address) ? bits(address, 8) : 0;
    }

    /** {@code ::ffff:a.b.c.d}: an IPv4 client seen through an IPv6 socket, the same client as {@code a.b.c.d}. */
    static boolean isMapped(byte[] address) {
        if (address.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    /** Up to 8 bytes from {@code from}, big-endian, in the high end of a long. */
    static long bits(byte[] address, int from) {
        long v = 0;
        int end = Math.min(address.length, from + 8);
        for (int i = from; i < from + 8; i++) {
            v = v << 8 | (i < end ? address[i] & 0xff : 0);
        }
        return v;
    }
}
