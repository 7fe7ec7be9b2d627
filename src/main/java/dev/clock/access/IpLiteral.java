package dev.clock.access;

/**
 * Reads an IP address written as a literal, by hand: an IPv4 dotted quad, or IPv6 in any of RFC
 * 4291's forms ({@code ::}, an IPv4 tail). Never a name, and nothing here reaches the resolver:
 * {@code InetAddress.getByName} would look up anything that is not a literal it knows, so
 * {@code 999.0.0.1} or a typo became a DNS query from an option meant to be a number.
 */
final class IpLiteral {
    private IpLiteral() {
    }

    /**
     * The address's bytes: 4 for IPv4, 16 for IPv6.
     *
     * @throws IllegalArgumentException saying what is wrong, in a few words
     */
    static byte[] parse(String text) {
        if (text.indexOf('%') >= 0) {
            throw new IllegalArgumentException("a zone id (%) names one interface, and a block cannot: leave it out");
        }
        if (text.indexOf(':') >= 0) {
            return ipv6(text);
        }
        if (!text.isEmpty() && text.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9')) {
            return ipv4(text);
        }
        throw new IllegalArgumentException("not an IP address; a name is never looked up");
    }

    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("an IPv4 address has four parts, a.b.c.d");
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            address[i] = (byte) octet(parts[i]);
        }
        return address;
    }

    private static int octet(String part) {
        if (part.isEmpty() || part.length() > 3) {
            throw new IllegalArgumentException("each part of an IPv4 address is a number from 0 to 255");
        }
        if (part.length() > 1 && part.charAt(0) == '0') {
            // inet_aton would read 010 as octal 8: refused rather than guessed
            throw new IllegalArgumentException("a part of an IPv4 address starts with 0 (octal?): write it without");
        }
        int n = Integer.parseInt(part);
        if (n > 255) {
            throw new IllegalArgumentException("each part of an IPv4 address is a number from 0 to 255");
        }
        return n;
    }

    private static byte[] ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            throw new IllegalArgumentException("an IPv6 address has at most one ::");
        }
        byte[] head = groups(gap < 0 ? text : text.substring(0, gap), gap < 0);
        byte[] tail = gap < 0 ? new byte[0] : groups(text.substring(gap + 2), true);
        if (gap < 0 ? head.length != 16 : head.length + tail.length > 14) {
            throw new IllegalArgumentException("an IPv6 address has eight groups, or fewer and one ::");
        }
        byte[] address = new byte[16];
        System.arraycopy(head, 0, address, 0, head.length);
        System.arraycopy(tail, 0, address, 16 - tail.length, tail.length);
        return address;
    }

    /** The bytes of colon-separated groups; the last may be an IPv4 address when {@code last} is true. */
    private static byte[] groups(String text, boolean last) {
        if (text.isEmpty()) {
            return new byte[0];
        }
        String[] groups = text.split(":", -1);
        byte[] bytes = new byte[groups.length * 2 + 2];
        int n = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (last && i == groups.length - 1 && g.indexOf('.') >= 0) {
                byte[] v4 = ipv4(g);
                System.arraycopy(v4, 0, bytes, n, 4);
                n += 4;
            } else {
                int value = hexGroup(g);
                bytes[n++] = (byte) (value >> 8);
                bytes[n++] = (byte) value;
            }
            if (n > 16) {
                throw new IllegalArgumentException("an IPv6 address has eight groups, or fewer and one ::");
            }
        }
        return java.util.Arrays.copyOf(bytes, n);
    }

    private static int hexGroup(String g) {
        if (g.isEmpty() || g.length() > 4) {
            throw new IllegalArgumentException("each group of an IPv6 address is 1 to 4 hex digits");
        }
        int value = 0;
        for (int i = 0; i < g.length(); i++) {
            int digit = Character.digit(g.charAt(i), 16);
            if (digit < 0 || g.charAt(i) > 'f') {
                throw new IllegalArgumentException("each group of an IPv6 address is 1 to 4 hex digits");
            }
            value = value << 4 | digit;
        }
        return value;
    }
}
