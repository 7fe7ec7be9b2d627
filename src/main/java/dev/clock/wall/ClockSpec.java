package dev.clock.wall;

import dev.clock.net.HostPort;

/** One clock on the wall: {@code NAME=HOST:PORT}. */
public record ClockSpec(String name, HostPort server) {

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
        try {
            return new ClockSpec(name, HostPort.parse(text.substring(eq + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }
}
