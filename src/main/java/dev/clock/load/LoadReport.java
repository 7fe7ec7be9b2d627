package dev.clock.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a load run measured. Lags are in milliseconds; server figures are absent (NaN, -1) when
 * no server process was given.
 */
public record LoadReport(
        String target, int requested, long connected, long failed, String firstFailure,
        long closedEarly, String firstEarlyClose, double holdSeconds,
        long lines, double linesPerConnectionPerSecond,
        double lagP50Ms, double lagP90Ms, double lagP99Ms, double lagP999Ms, double lagMaxMs,
        long next, long skipped, long skippedIntervals, long repeated, long backwards, long malformed,
        long serverPid, long serverRssBeforeBytes, long serverRssEndBytes, double serverCpuSeconds,
        double serverCpuMicrosPerLine, double serverRssBytesPerConnection) {

    /** Whether every connection was held and every line was the next one. */
    public boolean clean() {
        return connected == requested && failed == 0 && closedEarly == 0 && skipped == 0 && repeated == 0
                && backwards == 0 && malformed == 0 && lines > 0;
    }

    private Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        for (var component : LoadReport.class.getRecordComponents()) {
            try {
                f.put(component.getName(), component.getAccessor().invoke(this));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return f;
    }

    /** One JSON object. */
    public String json() {
        StringJoiner json = new StringJoiner(",", "{", "}");
        fields().forEach((name, value) -> json.add("\"" + name + "\":" + jsonValue(value)));
        return json.toString();
    }

    private static String jsonValue(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d);
        }
        if (value instanceof String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
        return value.toString();
    }

    /** The report for a person. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "target            %s%n", target));
        b.append(String.format(Locale.ROOT, "connections       %d of %d connected, %d failed%s%n", connected, requested, failed,
                firstFailure == null ? "" : " (first: " + firstFailure + ")"));
        b.append(String.format(Locale.ROOT, "closed early      %d%s%n", closedEarly,
                firstEarlyClose == null ? "" : " (first: " + firstEarlyClose + ")"));
        b.append(String.format(Locale.ROOT, "hold              %.1f s, %d lines, %.3f lines per connection per second%n",
                holdSeconds, lines, linesPerConnectionPerSecond));
        b.append(String.format(Locale.ROOT, "lag ms            p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
                lagP50Ms, lagP90Ms, lagP99Ms, lagP999Ms, lagMaxMs));
        b.append(String.format(Locale.ROOT, "sequence          %d next, %d skips (%d intervals), %d repeated, %d backwards, %d malformed%n",
                next, skipped, skippedIntervals, repeated, backwards, malformed));
        if (serverPid > 0) {
            b.append(String.format(Locale.ROOT, "server pid %d     RSS %.1f MB before, %.1f MB at the end of the hold, %.0f bytes per connection%n",
                    serverPid, serverRssBeforeBytes / 1e6, serverRssEndBytes / 1e6, serverRssBytesPerConnection));
            b.append(String.format(Locale.ROOT, "server CPU        %.2f s during the hold, %.2f µs per delivered line%n",
                    serverCpuSeconds, serverCpuMicrosPerLine));
        }
        b.append(clean() ? "verdict           clean: every connection held, every line the next one\n"
                : "verdict           NOT clean\n");
        return b.toString();
    }

    static double millis(Duration d) {
        return d == null ? Double.NaN : d.toNanos() / 1e6;
    }
}
