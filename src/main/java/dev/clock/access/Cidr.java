package dev.clock.access;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A block of addresses, {@code 192.0.2.0/24} or {@code 2001:db8::/32}; a bare address is a /32 or
 * a /128. IPv4 addresses seen through an IPv6 socket ({@code ::ffff:192.0.2.1}) match IPv4 blocks.
 *
 * @param network the block's first address, its host bits cleared
 * @param bits    the prefix length
 */
public record Cidr(byte[] network, int bits) {

    /**
     * @throws IllegalArgumentException saying what is wrong, with an example
     */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        boolean v4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}"); // four parts: InetAddress would take "10.0.0" too
        if (!v4 && !(host.contains(":") && host.matches("[0-9A-Fa-f:.]+"))) {
            throw invalid(text, "not an IP address");
        }
        byte[] address;
        try {
            address = normalize(InetAddress.getByName(host)).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw invalid(text, "not an IP address");
        }
        int bits = address.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw invalid(text, "the prefix length is not a number");
            }
            if (bits < 0 || bits > address.length * 8) {
                throw invalid(text, "the prefix length must be from 0 to " + address.length * 8);
            }
        }
        return new Cidr(mask(address, bits), bits);
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("'" + text + "' is not an address block (" + why
                + "): write e.g. 192.0.2.0/24, 2001:db8::/32 or 192.0.2.7");
    }

    public boolean contains(InetAddress address) {
        byte[] a = normalize(address).getAddress();
        return a.length == network.length && Arrays.equals(mask(a, bits), network);
    }

    /** {@code ::ffff:a.b.c.d} as {@code a.b.c.d}: the same client, whichever socket it came through. */
    static InetAddress normalize(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
                try {
                    return Inet4Address.getByAddress(Arrays.copyOfRange(b, 12, 16));
                } catch (UnknownHostException e) {
                    throw new AssertionError("four bytes are an IPv4 address", e);
                }
            }
        }
        return address;
    }

    static byte[] mask(byte[] address, int bits) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.bits == bits && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + bits;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + bits;
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
