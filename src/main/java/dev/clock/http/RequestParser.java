package dev.clock.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a request head (RFC 9112), strictly: what it does not understand exactly it refuses with
 * 400, never guesses, so that no proxy in front can read a request one way and this server
 * another. Lines end in CR LF (a bare LF or CR is refused); no NUL or other control character
 * outside a field's tabs; field names are tokens with no space before the colon; no obs-fold (a
 * line that begins with a space or tab); one Host on HTTP/1.1; at most one Content-Length, all
 * digits, and never with a Transfer-Encoding. Only HTTP/1.x is spoken: another major version is
 * 505. The head's size is bounded before it gets here, by {@link HeadReader}.
 */
final class RequestParser {
    /** More fields than any browser sends (Chromium sends about 15); the head's 8 KB bounds them anyway. */
    static final int MAX_FIELDS = 100;

    private RequestParser() {
    }

    /**
     * @param head the head's bytes, from the request line through the empty line that ends it
     * @throws HttpError saying what is wrong, with the status to answer
     */
    static RequestHead parse(byte[] head) throws HttpError {
        List<String> lines = lines(head);
        if (lines.isEmpty() || lines.get(0).isEmpty()) {
            throw bad("no request line");
        }
        String[] requestLine = lines.get(0).split(" ", -1);
        if (requestLine.length != 3) {
            throw bad("the request line must be METHOD TARGET HTTP/1.1, each separated by one space");
        }
        String method = requestLine[0];
        if (!isToken(method)) {
            throw bad("the method is not a token");
        }
        int minor = version(requestLine[2]);
        String target = requestLine[1];
        String path = path(method, target);
        if (lines.size() < 2 || !lines.get(lines.size() - 1).isEmpty()) {
            throw bad("the head does not end in an empty line");
        }
        List<RequestHead.Field> fields = new ArrayList<>();
        for (String line : lines.subList(1, lines.size() - 1)) {
            if (line.isEmpty()) {
                throw bad("an empty line inside the head");
            }
            if (fields.size() == MAX_FIELDS) {
                throw new HttpError(Status.HEADERS_TOO_LARGE, "more than " + MAX_FIELDS + " header fields");
            }
            fields.add(field(line));
        }
        RequestHead parsed = new RequestHead(method, path, minor, fields, false, "");
        List<String> hosts = parsed.values("Host");
        if (hosts.size() > 1 || (minor >= 1 && hosts.isEmpty())) {
            throw bad("an HTTP/1.1 request needs exactly one Host header");
        }
        String host = authority(target).orElse(hosts.isEmpty() ? "" : hosts.get(0));
        return new RequestHead(method, path, minor, fields, hasBody(parsed), host);
    }

    /** The authority of an absolute-form target ({@code http://host:port/path}), which names the host in place of the Host field. */
    private static java.util.Optional<String> authority(String target) {
        if (!isAbsolute(target)) {
            return java.util.Optional.empty();
        }
        int start = target.indexOf("//") + 2;
        int end = target.indexOf('/', start);
        int query = target.indexOf('?', start);
        if (end < 0 || (query >= 0 && query < end)) {
            end = query;
        }
        String authority = end < 0 ? target.substring(start) : target.substring(start, end);
        int at = authority.lastIndexOf('@'); // userinfo is no part of the host
        return java.util.Optional.of(authority.substring(at + 1));
    }

    private static boolean isAbsolute(String target) {
        return target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8);
    }

    /** Splits the head into lines at CR LF, refusing a bare CR or LF and any NUL. */
    private static List<String> lines(byte[] head) throws HttpError {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < head.length; i++) {
            byte b = head[i];
            if (b == 0) {
                throw bad("a NUL byte in the head");
            }
            if (b == '\n') {
                throw bad("a line ends in a bare LF: lines end in CR LF");
            }
            if (b == '\r') {
                if (i + 1 >= head.length || head[i + 1] != '\n') {
                    throw bad("a bare CR in the head: lines end in CR LF");
                }
                lines.add(new String(head, start, i - start, StandardCharsets.ISO_8859_1));
                i++;
                start = i + 1;
            }
        }
        if (start != head.length) {
            throw bad("the head does not end in CR LF");
        }
        return lines;
    }

    private static int version(String text) throws HttpError {
        if (text.length() != 8 || !text.startsWith("HTTP/") || !isDigit(text.charAt(5)) || text.charAt(6) != '.'
                || !isDigit(text.charAt(7))) {
            throw bad("the version must be HTTP/1.1 or HTTP/1.0");
        }
        if (text.charAt(5) != '1') {
            throw new HttpError(Status.VERSION_NOT_SUPPORTED, "only HTTP/1.1 and HTTP/1.0 are spoken here");
        }
        return Math.min(1, text.charAt(7) - '0'); // a later 1.x is answered as 1.1 (RFC 9110, 6.2)
    }

    /** The path of an origin-form target ({@code /now?x}) or an absolute-form one ({@code http://host/now}). */
    private static String path(String method, String target) throws HttpError {
        if (target.isEmpty()) {
            throw bad("the target is empty");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '#') {
                throw bad("the target has a character that must be percent-encoded");
            }
        }
        String path = target;
        if (isAbsolute(target)) {
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            path = slash < 0 ? "/" : target.substring(slash);
        } else if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw bad("the target * is for OPTIONS only");
            }
            return target;
        } else if (!target.startsWith("/")) {
            throw bad("the target must begin with /");
        }
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    private static RequestHead.Field field(String line) throws HttpError {
        if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
            throw bad("a header line begins with a space or tab (obs-fold): write each field on one line");
        }
        int colon = line.indexOf(':');
        if (colon < 0) {
            throw bad("a header line has no colon");
        }
        String name = line.substring(0, colon);
        if (!isToken(name)) {
            throw bad("a header field name is not a token (a space before the colon?)");
        }
        String value = line.substring(colon + 1);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw bad("a control character in the value of " + name);
            }
        }
        return new RequestHead.Field(name, value.strip());
    }

    /** Whether a body follows; a Content-Length that is not one number, or one with a Transfer-Encoding, is refused. */
    private static boolean hasBody(RequestHead head) throws HttpError {
        List<String> lengths = head.values("Content-Length");
        boolean chunked = !head.values("Transfer-Encoding").isEmpty();
        if (lengths.isEmpty()) {
            return chunked;
        }
        if (chunked) {
            throw bad("both Content-Length and Transfer-Encoding");
        }
        if (lengths.size() > 1) {
            throw bad("more than one Content-Length");
        }
        String length = lengths.get(0);
        if (length.isEmpty() || length.length() > 18 || !length.chars().allMatch(RequestParser::isDigit)) {
            throw bad("the Content-Length is not a number");
        }
        return Long.parseLong(length) > 0;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** RFC 9110's token: one or more tchar. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    private static HttpError bad(String message) {
        return new HttpError(Status.BAD_REQUEST, message);
    }
}
