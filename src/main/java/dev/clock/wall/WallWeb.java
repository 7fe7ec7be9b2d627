package dev.clock.wall;

import dev.clock.http.Document;
import dev.clock.http.Site;
import java.util.Map;

/** What {@code clock wall --http} serves: the wall's page at {@code /}, its state as events at {@code /events}. */
public final class WallWeb {
    private WallWeb() {
    }

    public static Site site(WallFeed feed) {
        return new Site(Map.of("/", Document.page("wall.html")), feed, "the wall at /, its events at /events");
    }
}
