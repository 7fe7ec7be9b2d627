package dev.clock.http;

import java.util.Map;

/**
 * What an {@link HttpListener} serves: its documents by exact path, and its event stream at
 * {@link #EVENTS}.
 *
 * @param documents the documents by path: {@code /}, {@code /now}
 * @param feed      what {@code /events} sends
 * @param name      what its start line says it serves
 */
public record Site(Map<String, Document> documents, Feed feed, String name) {
    public static final String EVENTS = "/events";

    public Site {
        documents = Map.copyOf(documents);
        if (documents.containsKey(EVENTS)) {
            throw new IllegalArgumentException(EVENTS + " is the event stream's");
        }
    }
}
