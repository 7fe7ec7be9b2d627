package dev.clock.http;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code Host} names a site answers, against DNS rebinding: a page on another site whose name
 * the attacker points at this server's address reaches it with that name as its Host, so a site
 * that answers only its own names cannot be read by it. An IP address as the Host is always
 * answered, since a page that names the server by its address has the server's own origin; so is
 * {@code localhost}. A request without a Host (HTTP/1.0, or an empty one) does not come from a
 * browser, and is answered.
 */
public final class Hosts {
    private static final Hosts ANY = new Hosts(null);

    /** The names, in lower case without a trailing dot; null for any. */
    private final Set<String> names;

    private Hosts(Set<String> names) {
        this.names = names;
    }

    /** Every Host: for a site with nothing to hide from another origin. */
    public static Hosts any() {
        return ANY;
    }

    /** Only IP addresses, {@code localhost} and {@code names}. */
    public static Hosts only(Collection<String> names) {
        return new Hosts(names.stream().map(Hosts::canonical).collect(Collectors.toUnmodifiableSet()));
    }

    /** Whether a request with this Host (its field's value, with or without a port) is answered. */
    public boolean accepts(String host) {
        if (names == null || host.isEmpty()) {
            return true;
        }
        String name = withoutPort(host);
        if (name == null) {
            return false;
        }
        name = canonical(name);
        return name.equals("localhost") || isAddress(name) || names.contains(name);
    }

    /** The name of {@code host}, without its port: {@code [::1]:8080} is {@code [::1]}; null if it has no name. */
    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0 || (close + 1 < host.length() && host.charAt(close + 1) != ':')) {
                return null;
            }
            return host.substring(0, close + 1);
        }
        int colon = host.indexOf(':');
        return colon == 0 ? null : colon < 0 ? host : host.substring(0, colon);
    }

    private static String canonical(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /**
     * An IPv4 address in dotted decimal, or an IPv6 address in brackets: no browser sends a name in
     * either form, so neither can be a name an attacker points at us. Read here, never resolved.
     */
    static boolean isAddress(String name) {
        if (name.startsWith("[") && name.endsWith("]") && name.length() > 2) {
            return name.substring(1, name.length() - 1).chars()
                    .allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0) && name.contains(":");
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
