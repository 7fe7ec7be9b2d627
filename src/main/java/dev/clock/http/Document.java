package dev.clock.http;

import java.util.function.Supplier;

/**
 * A resource that does not depend on the request: a page, or a small document made afresh for each
 * request ({@code /now}).
 *
 * @param contentType  its media type, with its charset
 * @param cacheControl how long a browser may keep it: {@code no-store} for what changes every time
 * @param body         its bytes, asked for once per GET (HEAD asks too, for their length)
 */
public record Document(String contentType, String cacheControl, Supplier<byte[]> body) implements Resource {

    /** A page of this package's resources, read once, served to every client. */
    public static Document page(String resource) {
        byte[] bytes;
        try (var in = Document.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the page " + resource + " is missing from the build");
            }
            bytes = in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Document("text/html; charset=utf-8", "no-cache", () -> bytes);
    }

    @Override
    public Reply get(RequestHead request) {
        return new Reply(Status.OK, contentType, cacheControl, body.get());
    }
}
