package dev.clock.http;

import dev.clock.tick.Tick;
import dev.clock.tick.TickListener;
import dev.clock.tick.TickSource;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link HttpListener} serves: its resources by exact path, its event stream at
 * {@link #EVENTS} unless it has none, and to which {@code Host} names it answers.
 *
 * @param protocol  what its listener is called: the prefix of its log lines, the {@code protocol} label of its metrics
 * @param resources what each path answers: {@code /}, {@code /now}, {@code /metrics}
 * @param feed      what {@code /events} sends; {@link #NO_EVENTS} for a site without events
 * @param name      what its start line says it serves
 * @param hosts     the {@code Host} names it answers (DNS rebinding)
 */
public record Site(String protocol, Map<String, Resource> resources, TickSource feed, String name, Hosts hosts) {
    public static final String EVENTS = "/events";

    /** The feed of a site without {@code /events} (the metrics): nothing is ever published to it. */
    public static final TickSource NO_EVENTS = NoEvents.NONE;

    /** {@link #NO_EVENTS}'s one instance, so that a site can tell it from a real feed. */
    private enum NoEvents implements TickSource {
        NONE;

        @Override
        public Tick current() {
            throw new IllegalStateException("this site has no events");
        }

        @Override
        public void subscribe(TickListener listener) {
            // nothing is ever published
        }

        @Override
        public void unsubscribe(TickListener listener) {
            // nothing was subscribed
        }
    }

    public Site {
        resources = Map.copyOf(resources);
        Objects.requireNonNull(protocol);
        Objects.requireNonNull(feed);
        Objects.requireNonNull(name);
        Objects.requireNonNull(hosts);
        if (resources.containsKey(EVENTS)) {
            throw new IllegalArgumentException(EVENTS + " is the event stream's");
        }
    }

    /** Whether {@code path} is served here, by a resource or as the event stream. */
    boolean serves(String path) {
        return resources.containsKey(path) || (path.equals(EVENTS) && hasEvents());
    }

    boolean hasEvents() {
        return feed != NO_EVENTS;
    }
}
