package dev.clock.text;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them on a command line and read them in a log: 250ms, 1s, 5m, 2h. */
public final class Durations {
    /** One part of a duration: a whole or decimal number and a unit, as in {@code 1h30m} or {@code 1.5s}. */
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:" + PART.pattern() + ")+");

    private Durations() {
    }

    /**
     * Parses what people write, as Go's {@code time.ParseDuration} does: {@code 250ms}, {@code 1s},
     * {@code 1.5s}, {@code 1h30m}, {@code 2h}, {@code 1d}; or ISO-8601 ({@code PT1.5S}). Never
     * negative.
     *
     * @throws IllegalArgumentException for anything else, with an example of what to write
     */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Duration d;
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (WHOLE.matcher(t).matches()) {
            d = Duration.ZERO;
            Matcher m = PART.matcher(t);
            try {
                while (m.find()) {
                    d = d.plus(of(m.group(1), m.group(2)));
                }
            } catch (ArithmeticException | NumberFormatException e) {
                throw invalid(text);
            }
        } else {
            try {
                d = Duration.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is negative: a duration is 0 or more, e.g. 250ms, 1s, 5m or 2h");
        }
        return d;
    }

    private static Duration of(String number, String unit) {
        long nanosPerUnit = nanosPerUnit(unit);
        if (number.indexOf('.') < 0) {
            // Whole numbers, nearly all of them, without BigDecimal: its first use costs a short
            // command such as clock nc a tenth of its start.
            return Duration.ofNanos(Math.multiplyExact(Long.parseLong(number), nanosPerUnit));
        }
        BigDecimal nanos = new BigDecimal(number).multiply(BigDecimal.valueOf(nanosPerUnit));
        if (nanos.stripTrailingZeros().scale() > 0) {
            throw new ArithmeticException("finer than a nanosecond");
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    private static long nanosPerUnit(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 86_400_000_000_000L;
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
