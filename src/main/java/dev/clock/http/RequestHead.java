package dev.clock.http;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A request's head, as {@link RequestParser} read it.
 *
 * @param method    {@code GET}, {@code HEAD}, or any other token
 * @param path      the target's path, without its query
 * @param minor     the minor version of HTTP/1.x: 0 or 1 (a later 1.x is served as 1.1)
 * @param fields    the header fields in the order sent, names as sent
 * @param hasBody   whether a body follows (a Content-Length above 0, or a Transfer-Encoding): it
 *                  is never read, so the connection ends after the response
 * @param host      the host the request names: an absolute-form target's authority, which wins
 *                  over the Host field (RFC 9112, 3.2.2), else the Host field; empty if neither
 */
public record RequestHead(String method, String path, int minor, List<Field> fields, boolean hasBody, String host) {

    public record Field(String name, String value) {
    }

    public RequestHead {
        fields = List.copyOf(fields);
    }

    /** The values of the fields named {@code name}, case-insensitively, in order. */
    List<String> values(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).toList();
    }

    /** The first field named {@code name}, case-insensitively: {@code Accept}. */
    public Optional<String> value(String name) {
        return values(name).stream().findFirst();
    }

    /** Whether the client asked to keep the connection: HTTP/1.1 unless it said {@code close}, HTTP/1.0 only if it said {@code keep-alive}. */
    boolean keepAlive() {
        List<String> options = values("Connection").stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(o -> o.strip().toLowerCase(Locale.ROOT))
                .toList();
        if (options.contains("close")) {
            return false;
        }
        return minor >= 1 || options.contains("keep-alive");
    }
}
