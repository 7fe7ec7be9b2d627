package dev.clock.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * RFC 867, the Daytime protocol: one line, the date and time in the server's zone. RFC 867 leaves
 * the syntax free; the default is its own example, {@code Tuesday, February 22, 1982 17:37:43-PST},
 * and {@link #RFC3339} gives {@code 1982-02-22T17:37:43-08:00}. A zone with no abbreviation (a
 * fixed offset) shows its offset: {@code Monday, July 6, 2026 17:30:05+05:30}. The line ends in
 * CR LF, as inetd's does.
 */
public final class DaytimeProtocol {
    public static final int DEFAULT_PORT = 13;
    public static final String RFC867 = "rfc867";
    public static final String RFC3339 = "rfc3339";

    private static final DateTimeFormatter RFC867_DATE_TIME = DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy HH:mm:ss", Locale.US);
    private static final DateTimeFormatter ZONE_ABBREVIATION = DateTimeFormatter.ofPattern("zzz", Locale.US);
    private static final DateTimeFormatter RFC3339_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.US);

    private final ZoneId zone;
    private final DateTimeFormatter custom;

    private DaytimeProtocol(ZoneId zone, DateTimeFormatter custom) {
        this.zone = zone;
        this.custom = custom;
    }

    /**
     * @param format {@link #RFC867}, {@link #RFC3339}, or a {@code java.time} pattern
     * @throws IllegalArgumentException for a pattern that is not valid
     */
    public static DaytimeProtocol of(String format, ZoneId zone) {
        return switch (format) {
            case RFC867 -> new DaytimeProtocol(zone, null);
            case RFC3339 -> new DaytimeProtocol(zone, RFC3339_FORMAT);
            default -> {
                DateTimeFormatter formatter = DateTimeFormatter.ofPattern(format, Locale.US);
                try {
                    formatter.format(ZonedDateTime.now(zone));
                } catch (java.time.DateTimeException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
                yield new DaytimeProtocol(zone, formatter);
            }
        };
    }

    public String line(Instant instant) {
        ZonedDateTime time = instant.atZone(zone);
        if (custom != null) {
            return custom.format(time) + "\r\n";
        }
        String abbreviation = !(zone instanceof ZoneOffset offset) ? ZONE_ABBREVIATION.format(time)
                : offset.equals(ZoneOffset.UTC) ? "UTC" : offset.getId();
        String separator = abbreviation.startsWith("+") || abbreviation.startsWith("-") ? "" : "-";
        return RFC867_DATE_TIME.format(time) + separator + abbreviation + "\r\n";
    }

    public ByteBuffer encode(Instant instant) {
        return ByteBuffer.wrap(line(instant).getBytes(StandardCharsets.US_ASCII));
    }
}
