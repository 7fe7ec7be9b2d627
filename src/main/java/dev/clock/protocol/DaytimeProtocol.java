package dev.clock.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * RFC 867, the Daytime protocol: one line, the date and time in the server's zone. RFC 867 leaves
 * the syntax free; the default is its own example, {@code Tuesday, February 22, 1982 17:37:43-PST},
 * and {@link #RFC3339} gives {@code 1982-02-22T17:37:43-08:00}. A zone with no abbreviation (a
 * fixed offset, or a region Java can only name {@code GMT+11:00}) shows its offset instead, with no
 * {@code -} before it that would read as a minus sign: {@code Monday, July 6, 2026 17:30:05+05:30}.
 * The line ends in CR LF, as inetd's does.
 */
public final class DaytimeProtocol {
    public static final int DEFAULT_PORT = 13;
    public static final String RFC867 = "rfc867";
    public static final String RFC3339 = "rfc3339";

    private static final DateTimeFormatter RFC867_DATE_TIME = DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy HH:mm:ss", Locale.US);
    private static final DateTimeFormatter ZONE_ABBREVIATION = DateTimeFormatter.ofPattern("zzz", Locale.US);
    /** What Java prints for a zone it has no abbreviation for: {@code GMT+11:00}, {@code UTC-03:00}, {@code +05:30}. */
    private static final Pattern OFFSET_NAME = Pattern.compile("(?:GMT|UTC|UT)?[+-].*");
    private static final Set<String> UTC_NAMES = Set.of("GMT", "UTC", "UT", "Z");
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
        return RFC867_DATE_TIME.format(time) + zoneSuffix(time) + "\r\n";
    }

    /** {@code -PST} after the time, as RFC 867's example, or the offset, {@code +11:00}, when the zone has no real name. */
    private static String zoneSuffix(ZonedDateTime time) {
        ZoneOffset offset = time.getOffset();
        String name = ZONE_ABBREVIATION.format(time);
        boolean utc = offset.getTotalSeconds() == 0;
        if (UTC_NAMES.contains(name)) {
            // Java calls some zones "GMT" even away from UTC (Antarctica/Troll's summer, UTC+2).
            return utc ? "-" + (name.equals("Z") ? "UTC" : name) : offset.getId();
        }
        if (OFFSET_NAME.matcher(name).matches()) {
            return utc ? "+00:00" : offset.getId();
        }
        return "-" + name;
    }

    public ByteBuffer encode(Instant instant) {
        return ByteBuffer.wrap(line(instant).getBytes(StandardCharsets.US_ASCII));
    }
}
