package dev.clock.tick;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them on a command line and read them in a log: 250ms, 1s, 5m, 2h. */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ns|us|ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses {@code 250ms}, {@code 1s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT1.5S}).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Duration parse(String text) {
        Matcher m = SIMPLE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long amount;
            try {
                amount = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
            try {
                return of(amount, m.group(2));
            } catch (ArithmeticException e) {
                throw invalid(text);
            }
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(text);
        }
    }

    private static Duration of(long amount, String unit) {
        return switch (unit) {
            case "ns" -> Duration.ofNanos(amount);
            case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration: write e.g. 250ms, 1s, 5m or 2h");
    }

    /** The shortest exact form: {@code 1s}, {@code 250ms}, {@code 1500ms}, {@code 2h}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long nanos;
        try {
            nanos = d.toNanos();
        } catch (ArithmeticException e) {
            return d.toString();
        }
        String[] units = {"d", "h", "m", "s", "ms", "us", "ns"};
        long[] sizes = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
        for (int i = 0; i < units.length; i++) {
            if (nanos % sizes[i] == 0) {
                return nanos / sizes[i] + units[i];
            }
        }
        throw new AssertionError("every duration is a whole number of nanoseconds");
    }
}
