package dev.clock.wall;

import dev.clock.text.ZoneLabel;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date and zone a clock's card shows beside its time. A line of the default format is only a
 * time of day, so they come, in this order, from:
 * <ol>
 * <li>the line itself, when the server's {@code --format} writes them: a zone ID
 *     ({@code Asia/Tokyo}), an offset after the time ({@code +09:00}, {@code +0900}, {@code Z}) or
 *     {@code UTC}/{@code GMT}; a date written {@code yyyy-MM-dd};</li>
 * <li>the zone the operator named for the clock ({@code Tokyo[Asia/Tokyo]=HOST:PORT});</li>
 * <li>the clock's time of day against the wall's own clock: the offset is their difference to
 *     the nearest quarter hour (every zone's offset is a whole number of them), from UTC-11:45 to
 *     UTC+12:00, so a clock more than 7.5 minutes wrong, or in a zone of UTC+12:15 or more (Chatham
 *     in summer, Tonga, Kiribati's Line Islands) needs the operator's zone.</li>
 * </ol>
 * The date is the one in that zone, at the wall's now, on which the line's time of day falls
 * nearest: a line of 23:59:59 read just after that zone's midnight is yesterday's.
 *
 * @param timeOfDay the part of the line that is its time of day, as the server wrote it
 *                  ({@code 07:56:01}, {@code 07:56:01.123}, {@code 5:56:01 PM}): what a card shows
 *                  largest when the line holds more (a date, an offset)
 * @param date      the clock's date
 * @param zone      how its zone is named ({@link ZoneLabel})
 */
public record CardCalendar(String timeOfDay, LocalDate date, String zone) {
    private static final Duration QUARTER_HOUR = Duration.ofMinutes(15);
    private static final int DAY_SECONDS = 86_400;
    private static final Pattern DATE = Pattern.compile("(?<!\\d)(\\d{4})-(\\d{2})-(\\d{2})(?!\\d)");
    /** What a time of day may go on with: a fraction of a second, then AM or PM. */
    private static final Pattern TAIL = Pattern.compile("^(?:[.,]\\d+)?(?:\\s*([AaPp])\\.?[Mm]\\b\\.?)?");
    private static final Pattern REGION = Pattern.compile("(?<![\\w/])([A-Z][A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+)(?![\\w/])");
    private static final Pattern OFFSET = Pattern.compile("(?:(?<![A-Za-z])(Z)|([+-])([01]\\d|2[0-3]):?([0-5]\\d))(?![\\w:])");
    private static final Pattern UTC_WORD = Pattern.compile("\\b(?:UTC|GMT)\\b");

    /**
     * @param line  a line that {@link ServerText#isTime} accepts
     * @param named the zone the operator named for the clock, or null
     * @param at    when the line was read, by the wall's clock
     */
    static CardCalendar of(String line, ZoneId named, Instant at) {
        Matcher time = ServerText.TIME.matcher(line);
        if (!time.find()) {
            return null;
        }
        String after = line.substring(time.end());
        Matcher tail = TAIL.matcher(after);
        tail.find(); // every part optional: it always matches, if only the empty string
        LocalTime timeOfDay = LocalTime.of(hour(time, tail.group(1)), Integer.parseInt(time.group("m")),
                Math.min(59, Integer.parseInt(time.group("s"))));
        ZoneId zone = lineZone(line, after);
        if (zone == null) {
            zone = named;
        }
        ZoneOffset offset = zone != null ? zone.getRules().getOffset(at) : inferredOffset(timeOfDay, at);
        String label = zone != null ? ZoneLabel.of(zone, at) : ZoneLabel.utc(offset);
        LocalDate date = lineDate(line);
        return new CardCalendar(line.substring(time.start(), time.end() + tail.end()),
                date != null ? date : nearestDate(timeOfDay, offset, at), label);
    }

    /** The hour in 24-hour form: a 12-hour clock's line says AM or PM after its time. */
    private static int hour(Matcher time, String meridiem) {
        int hour = Integer.parseInt(time.group("h"));
        if (meridiem != null && hour >= 1 && hour <= 12) {
            boolean pm = meridiem.toUpperCase(Locale.ROOT).equals("P");
            return hour % 12 + (pm ? 12 : 0);
        }
        return hour;
    }

    private static ZoneId lineZone(String line, String after) {
        Matcher region = REGION.matcher(line);
        while (region.find()) {
            try {
                return ZoneId.of(region.group(1));
            } catch (DateTimeException notAZone) {
                // a word with a slash that is not a zone: look on
            }
        }
        Matcher offset = OFFSET.matcher(after);
        if (offset.find()) {
            if (offset.group(1) != null) {
                return ZoneOffset.UTC;
            }
            int sign = offset.group(2).equals("-") ? -1 : 1;
            return ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(offset.group(3)), sign * Integer.parseInt(offset.group(4)));
        }
        return UTC_WORD.matcher(line).find() ? ZoneOffset.UTC : null;
    }

    private static LocalDate lineDate(String line) {
        Matcher date = DATE.matcher(line);
        if (!date.find()) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(date.group(1)), Integer.parseInt(date.group(2)), Integer.parseInt(date.group(3)));
        } catch (DateTimeException notADate) {
            return null;
        }
    }

    /** The line's time of day less UTC's at {@code at}, to the nearest quarter hour, in (-12 h, +12 h]. */
    static ZoneOffset inferredOffset(LocalTime timeOfDay, Instant at) {
        int utc = LocalTime.ofInstant(at, ZoneOffset.UTC).toSecondOfDay();
        int apart = Math.floorMod(timeOfDay.toSecondOfDay() - utc, DAY_SECONDS);
        if (apart > DAY_SECONDS / 2) {
            apart -= DAY_SECONDS;
        }
        long quarters = Math.round(apart / (double) QUARTER_HOUR.toSeconds());
        int seconds = Math.toIntExact(quarters * QUARTER_HOUR.toSeconds());
        return ZoneOffset.ofTotalSeconds(seconds <= -DAY_SECONDS / 2 ? seconds + DAY_SECONDS : seconds);
    }

    /** Of yesterday, today and tomorrow in {@code offset}, the date whose {@code timeOfDay} is nearest {@code at}. */
    static LocalDate nearestDate(LocalTime timeOfDay, ZoneOffset offset, Instant at) {
        LocalDateTime now = LocalDateTime.ofInstant(at, offset);
        LocalDate best = null;
        long bestApart = Long.MAX_VALUE;
        for (int days = -1; days <= 1; days++) {
            LocalDate date = now.toLocalDate().plusDays(days);
            long apart = Math.abs(Duration.between(now, date.atTime(timeOfDay)).toSeconds());
            if (apart < bestApart) {
                best = date;
                bestApart = apart;
            }
        }
        return best;
    }
}
