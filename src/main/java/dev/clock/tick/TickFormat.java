package dev.clock.tick;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** How a tick reads: a {@code java.time} pattern in a time zone, one line per tick. */
public record TickFormat(String pattern, ZoneId zone, DateTimeFormatter formatter) {

    /** The book's {@code 15:04:05}. */
    public static final String DEFAULT_PATTERN = "HH:mm:ss";

    /**
     * @throws IllegalArgumentException if the pattern is not a valid {@code java.time} pattern, or
     *         names a field that a date and time in a zone does not have
     */
    public static TickFormat of(String pattern, ZoneId zone) {
        DateTimeFormatter formatter = DateTimeFormatter.ofPattern(pattern);
        try {
            // Some patterns parse but fail only when used (a field a zoned date-time lacks): fail now.
            formatter.format(ZonedDateTime.now(zone));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new TickFormat(pattern, zone, formatter);
    }

    public String line(Instant instant) {
        return formatter.format(instant.atZone(zone)) + "\n";
    }
}
