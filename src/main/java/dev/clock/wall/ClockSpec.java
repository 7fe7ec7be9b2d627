package dev.clock.wall;

import dev.clock.net.HostPort;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * One clock on the wall: {@code NAME=HOST:PORT}, or {@code NAME[ZONE]=HOST:PORT} to say the zone
 * its server's lines are in, for the date and zone its card shows ({@link CardCalendar}).
 *
 * @param zone the zone the operator named, or null
 */
public record ClockSpec(String name, HostPort server, ZoneId zone) {

    public ClockSpec(String name, HostPort server) {
        this(name, server, null);
    }

    /**
     * Parses {@code NAME=HOST:PORT}; the name is any text without {@code =}, the host may be an
     * IPv6 address in brackets.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static ClockSpec parse(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("'" + text + "' has no '=': write NAME=HOST:PORT, e.g. Tokyo=localhost:8030");
        }
        String name = text.substring(0, eq).strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no name before '=': write NAME=HOST:PORT, e.g. Tokyo=localhost:8030");
        }
        ZoneId zone = null;
        int open = name.lastIndexOf('[');
        if (name.endsWith("]") && open >= 0) {
            String id = name.substring(open + 1, name.length() - 1).strip();
            name = name.substring(0, open).strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' has no name before '[': write NAME[ZONE]=HOST:PORT, "
                        + "e.g. Tokyo[Asia/Tokyo]=localhost:8030");
            }
            try {
                zone = ZoneId.of(id);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(name + ": '" + id + "' is not a time zone: write a region (Asia/Tokyo), "
                        + "UTC, or an offset (+05:30)");
            }
        }
        try {
            return new ClockSpec(name, HostPort.parse(text.substring(eq + 1)), zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }
}
