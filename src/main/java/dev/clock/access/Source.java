package dev.clock.access;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * Who a limit counts as one client: an IPv4 address, or an IPv6 /64 (one host usually holds a whole
 * /64, so counting single IPv6 addresses would let it through 2^64 times).
 */
public record Source(byte[] key) {

    public static Source of(InetAddress address) {
        InetAddress a = Cidr.normalize(address);
        return new Source(a instanceof Inet6Address ? Arrays.copyOf(a.getAddress(), 8) : a.getAddress());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Source s && Arrays.equals(s.key, key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }
}
