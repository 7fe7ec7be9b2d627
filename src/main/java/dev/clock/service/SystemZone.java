package dev.clock.service;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The zone {@code TZ} names, read as the C library reads it, where the JDK alone would fall back
 * to GMT without a word ({@code TZ=garbage}) or lose the daylight saving time of a path or a POSIX
 * rule ({@code TZ=/usr/share/zoneinfo/Asia/Tokyo}, {@code TZ=EST5EDT,M3.2.0,M11.1.0}).
 *
 * @param zone    the zone to serve
 * @param warning what the operator should know about it, if anything
 */
public record SystemZone(ZoneId zone, Optional<String> warning) {
    /** A POSIX TZ rule: a standard name, its offset west of UTC, maybe a daylight name and rules. */
    private static final Pattern POSIX = Pattern.compile("(<[^>]+>|[A-Za-z]{3,})([+-]?\\d{1,2}(?::\\d{2}){0,2})([^,]*)(,.*)?");

    /** The zone of {@code tz} (the value of {@code TZ}, or null when unset), else {@code fallback}. */
    public static SystemZone of(String tz, ZoneId fallback) {
        if (tz == null || tz.isEmpty()) {
            return new SystemZone(fallback, Optional.empty());
        }
        String name = tz.startsWith(":") ? tz.substring(1) : tz;
        int zoneinfo = name.indexOf("zoneinfo/");
        if (name.startsWith("/") && zoneinfo >= 0) {
            name = name.substring(zoneinfo + "zoneinfo/".length());
        }
        Optional<ZoneId> exact = zone(name);
        if (exact.isPresent()) {
            return new SystemZone(exact.get(), Optional.empty());
        }
        Matcher posix = POSIX.matcher(name);
        if (posix.matches()) {
            boolean daylight = !posix.group(3).isEmpty() || posix.group(4) != null;
            Optional<ZoneId> known = zone(name.substring(0, name.indexOf(',') < 0 ? name.length() : name.indexOf(',')));
            if (known.isPresent()) {
                return new SystemZone(known.get(), Optional.of("TZ='" + tz + "' is a POSIX rule: serving the tz database's "
                        + known.get().getId() + ", whose daylight saving rules may differ from the rule given"));
            }
            Optional<ZoneOffset> standard = posixOffset(posix.group(2));
            if (standard.isEmpty()) {
                return unknown(tz);
            }
            ZoneOffset offset = standard.get();
            return new SystemZone(offset, Optional.of("TZ='" + tz + "' is a POSIX rule the JDK cannot read: serving its "
                    + "standard offset " + offset.getId() + (daylight ? " all year (no daylight saving time)" : "")
                    + "; use --zone with a region such as America/New_York"));
        }
        return unknown(tz);
    }

    private static SystemZone unknown(String tz) {
        return new SystemZone(ZoneId.of("UTC"), Optional.of("TZ='" + tz + "' is not a time zone: serving UTC, as the C library "
                + "does; set TZ or --zone to a region such as Europe/London, UTC, or an offset such as +05:30"));
    }

    private static Optional<ZoneId> zone(String name) {
        try {
            return Optional.of(ZoneId.of(name));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** POSIX offsets count hours west of UTC: {@code EST5} is UTC-5. */
    private static Optional<ZoneOffset> posixOffset(String text) {
        boolean east = text.startsWith("-");
        String[] parts = text.replaceFirst("^[+-]", "").split(":");
        int seconds = Integer.parseInt(parts[0]) * 3600 + (parts.length > 1 ? Integer.parseInt(parts[1]) * 60 : 0)
                + (parts.length > 2 ? Integer.parseInt(parts[2]) : 0);
        try {
            return Optional.of(ZoneOffset.ofTotalSeconds(east ? seconds : -seconds));
        } catch (DateTimeException e) {
            return Optional.empty(); // beyond ±18 hours
        }
    }
}
