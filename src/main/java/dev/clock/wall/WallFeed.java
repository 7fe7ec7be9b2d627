package dev.clock.wall;

import dev.clock.text.Json;
import dev.clock.tick.Tick;
import dev.clock.tick.TickListener;
import dev.clock.tick.TickSource;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The wall for browsers: a display that, at each drawing, publishes the wall's state as one line
 * of JSON to the event streams of {@code clock wall --http}. Each drawing is one message, numbered
 * in order; a browser that connects gets the latest at once.
 */
public final class WallFeed implements WallDisplay, TickSource {
    private final List<TickListener> listeners = new CopyOnWriteArrayList<>();
    private long published;
    private volatile Tick current;

    public WallFeed(List<ClockSpec> clocks) {
        current = message(clocks.stream().map(c -> ClockState.connecting(c.name())).toList());
    }

    @Override
    public synchronized void show(List<ClockState> clocks) {
        Tick message = message(clocks);
        current = message;
        for (TickListener listener : listeners) {
            listener.onTick(message);
        }
    }

    private Tick message(List<ClockState> clocks) {
        long number = ++published;
        return Tick.of(number, number, Instant.now(), json(clocks));
    }

    /**
     * {@code {"clocks": [{"name": "Tokyo", "status": "up", "time": "21:00:01", "timeOfDay": "21:00:01",
     * "date": "2026-12-08", "zone": "UTC+09:00", "text": ""}, ...]}}: each clock's name, status,
     * latest line that was a time, the time of day in it, the date and zone of that time
     * ({@link CardCalendar}; all four null before the first) and status as the terminal says it.
     */
    static String json(List<ClockState> clocks) {
        StringJoiner list = new StringJoiner(", ", "{\"clocks\": [", "]}");
        for (ClockState c : clocks) {
            list.add("{\"name\": " + Json.string(c.name())
                    + ", \"status\": " + Json.string(c.status().name().toLowerCase(Locale.ROOT))
                    + ", \"time\": " + (c.time() == null ? "null" : Json.string(c.time()))
                    + ", \"timeOfDay\": " + (c.calendar() == null ? "null" : Json.string(c.calendar().timeOfDay()))
                    + ", \"date\": " + (c.calendar() == null ? "null" : Json.string(c.calendar().date().toString()))
                    + ", \"zone\": " + (c.calendar() == null ? "null" : Json.string(c.calendar().zone()))
                    + ", \"text\": " + Json.string(c.statusText()) + "}");
        }
        return list.toString();
    }

    @Override
    public Tick current() {
        return current;
    }

    @Override
    public void subscribe(TickListener listener) {
        listeners.add(listener);
    }

    @Override
    public void unsubscribe(TickListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        // Nothing held: the HTTP listener ends its streams itself.
    }
}
