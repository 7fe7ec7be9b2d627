package dev.clock.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A host and a port as a user writes them: {@code localhost:8000}, {@code 127.0.0.1:8000},
 * {@code [::1]:8000}.
 */
public record HostPort(String host, int port) {

    public HostPort {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("the host is empty");
        }
        checkPort(port);
    }

    /** Parses {@code HOST:PORT}; an IPv6 host goes in brackets. */
    public static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0 || (text.startsWith("[") && colon < text.indexOf(']'))) {
            throw new IllegalArgumentException("'" + text + "' has no port: write HOST:PORT, e.g. localhost:8000 or [::1]:8000");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "': put an IPv6 address in brackets, e.g. [::1]:8000");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no host: write HOST:PORT, e.g. localhost:8000");
        }
        return new HostPort(host, parsePort(text.substring(colon + 1)));
    }

    /** Parses a port number from 0 to 65535. */
    public static int parsePort(String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a port: use a number from 0 to 65535");
        }
        return checkPort(port);
    }

    private static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'" + port + "' is not a port: use a number from 0 to 65535");
        }
        return port;
    }

    @Override
    public String toString() {
        return format(host, port);
    }

    /** {@code host:port}, an IPv6 host in brackets: how addresses are written to users. */
    public static String format(String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return (bare.contains(":") ? "[" + bare + "]" : bare) + ":" + port;
    }

    /**
     * A socket address as users read it, in logs and messages: {@code 127.0.0.1:37286},
     * {@code [::1]:8000}, {@code [::]:8000}; never Java's {@code /127.0.0.1:37286}.
     */
    public static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            InetAddress ip = inet.getAddress();
            return format(ip == null ? inet.getHostString() : format(ip), inet.getPort());
        }
        return String.valueOf(address);
    }

    /** An address alone, IPv6 in its shortest form ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}). */
    public static String format(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // RFC 5952: the longest run of two or more zero groups becomes "::".
        int bestStart = -1, bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        Inet6Address v6 = (Inet6Address) address;
        if (v6.getScopeId() != 0) {
            text.append('%').append(v6.getScopeId());
        }
        return text.toString();
    }
}
