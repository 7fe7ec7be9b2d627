package dev.clock.text;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A zone as a person reads it beside a time, said once: {@code UTC} for UTC by any of its names
 * ({@code Etc/UTC}, {@code Z}, {@code GMT}), {@code UTC+05:30} for a fixed offset, and for a
 * region its name, what its clocks are called now and, away from UTC, the offset:
 * {@code Europe/London · GMT}, {@code Europe/London · BST (UTC+01:00)},
 * {@code Asia/Tokyo · JST (UTC+09:00)}.
 */
public final class ZoneLabel {
    private static final DateTimeFormatter SHORT_NAME = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);
    /** A "short name" that is only an offset again (GMT+04:00, -03): a zone with no name of its own. */
    private static final Pattern OFFSET_NAME = Pattern.compile("^(GMT|UTC)?[+-].*");

    private ZoneLabel() {
    }

    /** How {@code zone} is labelled at {@code at}: its offset, and its clocks' name, may change with the season. */
    public static String of(ZoneId zone, Instant at) {
        ZoneOffset offset = zone.getRules().getOffset(at);
        String utc = utc(offset);
        if (zone.getRules().isFixedOffset()) {
            return utc;
        }
        String name = SHORT_NAME.format(at.atZone(zone));
        if (OFFSET_NAME.matcher(name).matches()) {
            return zone.getId() + " · " + utc;
        }
        return zone.getId() + " · " + name + (offset.getTotalSeconds() == 0 ? "" : " (" + utc + ")");
    }

    /** {@code UTC}, or {@code UTC+09:00}. */
    public static String utc(ZoneOffset offset) {
        return offset.getTotalSeconds() == 0 ? "UTC" : "UTC" + offset.getId();
    }
}
