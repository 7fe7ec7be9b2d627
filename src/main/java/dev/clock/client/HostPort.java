package dev.clock.client;

import java.net.InetSocketAddress;

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

    /** An unresolved address: resolving it is the caller's step, with its own error. */
    public InetSocketAddress unresolved() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        return format(host, port);
    }

    /** {@code host:port}, an IPv6 host in brackets: how addresses are written to users. */
    public static String format(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
