package dev.clock.http;

import dev.clock.text.Json;
import dev.clock.text.ZoneLabel;
import dev.clock.tick.TickFormat;
import dev.clock.tick.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * What {@code clock serve --http} serves: the live page at {@code /}, the ticker's lines as events
 * at {@code /events}, and the time now as JSON at {@code /now}, which the page asks a few times to
 * measure how far the device's clock is from the server's.
 *
 * <p>It answers any {@code Host}: it shows the time, which any site may know, so a page elsewhere
 * that reaches it by DNS rebinding learns nothing the server does not tell everyone.
 */
public final class ClockWeb {
    private ClockWeb() {
    }

    public static Site site(Ticker ticker, TickFormat lines) {
        return new Site("http", Map.of(
                "/", Document.page("clock.html"),
                "/now", new Document("application/json", "no-store", () -> now(ticker.clock(), lines))),
                ticker, "a page at /, events at /events, the time at /now", Hosts.any());
    }

    /**
     * {@code {"epochMillis": ..., "iso": "...", "zone": "...", "zoneLabel": "...", "line": "..."}}:
     * the server's clock read as the request is answered, in its zone, the zone as the page names
     * it ({@link ZoneLabel}), and the line the stream would send now.
     */
    static byte[] now(InstantSource clock, TickFormat lines) {
        Instant now = clock.instant();
        String line = lines.line(now);
        String json = "{\"epochMillis\": " + now.toEpochMilli()
                + ", \"iso\": " + Json.string(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(now.atZone(lines.zone())))
                + ", \"zone\": " + Json.string(lines.zone().getId())
                + ", \"zoneLabel\": " + Json.string(ZoneLabel.of(lines.zone(), now))
                + ", \"line\": " + Json.string(line.substring(0, line.length() - 1)) + "}\n";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
