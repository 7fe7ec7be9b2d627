package dev.clock.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a {@link Resource} answers a GET with; a HEAD is sent the same head, without the body.
 *
 * @param status       its status
 * @param contentType  its media type, with its charset
 * @param cacheControl how long a browser may keep it: {@code no-store} for what changes every time
 * @param body         its bytes
 */
public record Reply(Status status, String contentType, String cacheControl, byte[] body) {
    public Reply {
        Objects.requireNonNull(status);
        Objects.requireNonNull(contentType);
        Objects.requireNonNull(cacheControl);
        Objects.requireNonNull(body);
    }

    /** A line of plain text for a person or a probe, never cached. */
    public static Reply text(Status status, String line) {
        return new Reply(status, "text/plain; charset=utf-8", "no-store", line.getBytes(StandardCharsets.UTF_8));
    }
}
