package dev.clock.http;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A response's bytes: the status line, the fields every response has (Date, Server, nosniff, the
 * length, whether the connection stays), the ones given, the body unless it answers a HEAD.
 */
final class Response {
    static final String ALLOWED = "GET, HEAD";
    /** IMF-fixdate (RFC 9110, 5.6.7): java.time's RFC 1123 format leaves days below 10 unpadded. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);

    private final Status status;
    private final Map<String, String> fields = new LinkedHashMap<>();

    Response(Status status) {
        this.status = status;
    }

    Response field(String name, String value) {
        fields.put(name, value);
        return this;
    }

    /** A plain-text answer for a person: what was wrong and what to do. */
    static Response text(Status status) {
        return new Response(status).field("Content-Type", "text/plain; charset=utf-8").field("Cache-Control", "no-store");
    }

    /**
     * @param body      the body, whose length is sent even when it is not (HEAD)
     * @param withBody  false for HEAD
     * @param keepAlive whether the connection stays open for another request
     */
    byte[] bytes(byte[] body, boolean withBody, boolean keepAlive) {
        StringBuilder head = headLines(keepAlive ? "keep-alive" : "close");
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (!withBody) {
            return h;
        }
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** A head with no length: the body is everything until the connection closes (an event stream). */
    byte[] streamHead() {
        return headLines("close").append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private StringBuilder headLines(String connection) {
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ").append(status.code).append(' ').append(status.reason).append("\r\n");
        head.append("Date: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        head.append("Server: clock\r\n");
        head.append("X-Content-Type-Options: nosniff\r\n");
        fields.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Connection: ").append(connection).append("\r\n");
        return head;
    }
}
