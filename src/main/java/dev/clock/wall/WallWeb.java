package dev.clock.wall;

import dev.clock.http.Document;
import dev.clock.http.Hosts;
import dev.clock.http.Site;
import java.util.Map;

/**
 * What {@code clock wall --http} serves: the wall's page at {@code /}, its state as events at
 * {@code /events}. Its events name the servers it watches and why each is down, which a page on
 * another site must not read: so it answers only its own {@code Host} names.
 */
public final class WallWeb {
    private WallWeb() {
    }

    /** @param hosts the names it answers besides its addresses and localhost: its --http-bind and --http-host names */
    public static Site site(WallFeed feed, Hosts hosts) {
        return new Site("http", Map.of("/", Document.page("wall.html")), feed, "the wall at /, its events at /events", hosts);
    }
}
