package dev.clock.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * A block of addresses, {@code 192.0.2.0/24} or {@code 2001:db8::/32}; a bare address is a /32 or
 * a /128. IPv4 addresses seen through an IPv6 socket ({@code ::ffff:192.0.2.1}) match IPv4 blocks;
 * an IPv4 block holds no IPv6 address and an IPv6 block no IPv4 one.
 *
 * <p>Held as {@link Source}'s 128 bits (IPv4 as {@code ::ffff:a.b.c.d}), so that a check is two
 * masked comparisons of longs.
 *
 * @param v4   whether it is an IPv4 block
 * @param high the first 64 bits of its first address, host bits cleared
 * @param low  the last 64 bits of its first address, host bits cleared
 * @param bits the prefix length as written: up to 32 for IPv4, 128 for IPv6
 */
public record Cidr(boolean v4, long high, long low, int bits) {
    /** IPv4's bits sit after these in the 128 of the key. */
    private static final int V4_OFFSET = 96;

    /**
     * Reads a block written as a literal; never looks up a name.
     *
     * @throws IllegalArgumentException saying what is wrong, with an example
     */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        byte[] address;
        try {
            address = IpLiteral.parse(slash < 0 ? t : t.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw invalid(text, e.getMessage());
        }
        int most = address.length * 8;
        int bits = most;
        if (slash >= 0) {
            String length = t.substring(slash + 1);
            if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw invalid(text, "the prefix length is not a number");
            }
            bits = Integer.parseInt(length);
            if (bits > most) {
                throw invalid(text, "the prefix length must be from 0 to " + most);
            }
        }
        boolean v4 = address.length == 4;
        if (Source.isMapped(address)) {
            // ::ffff:a.b.c.d is the IPv4 client a.b.c.d, and so is its block
            if (bits < V4_OFFSET) {
                throw invalid(text, "a block of IPv4-mapped addresses needs a prefix length of 96 or more");
            }
            v4 = true;
            bits -= V4_OFFSET;
        }
        int prefix = v4 ? V4_OFFSET + bits : bits;
        return new Cidr(v4, high(address) & mask(prefix), low(address) & mask(prefix - 64), bits);
    }

    /** The first 64 of the 128 bits of {@code address}, an IPv4 one as ::ffff:a.b.c.d. */
    private static long high(byte[] address) {
        return address.length == 4 ? 0 : Source.bits(address, 0);
    }

    /** The last 64 of the 128 bits of {@code address}. */
    private static long low(byte[] address) {
        return address.length == 4 ? Source.low(address) : Source.bits(address, 8);
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("'" + text + "' is not an address block (" + why
                + "): write e.g. 192.0.2.0/24, 2001:db8::/32 or 192.0.2.7");
    }

    /** The leading {@code bits} of 64 set: none for 0 or fewer, all for 64 or more. */
    private static long mask(int bits) {
        return bits <= 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
    }

    /** Whether {@code address} is in the block: never across families, ::ffff:a.b.c.d being IPv4. */
    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** As {@link #contains(InetAddress)}, for an address's 4 or 16 bytes. */
    boolean contains(byte[] a) {
        if ((a.length == 4 || Source.isMapped(a)) != v4) {
            return false;
        }
        int prefix = v4 ? V4_OFFSET + bits : bits;
        return (high(a) & mask(prefix)) == high && (low(a) & mask(prefix - 64)) == low;
    }

    @Override
    public String toString() {
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(high).putLong(low);
        byte[] address = v4 ? java.util.Arrays.copyOfRange(bytes.array(), 12, 16) : bytes.array();
        try {
            return InetAddress.getByAddress(address).getHostAddress() + "/" + bits; // bytes: no lookup
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are an address", e);
        }
    }
}
