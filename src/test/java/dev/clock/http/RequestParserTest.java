package dev.clock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestParserTest {

    private static RequestHead parse(String head) throws HttpError {
        return RequestParser.parse(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Status refusal(String head) {
        try {
            parse(head);
        } catch (HttpError e) {
            return e.status();
        }
        throw new AssertionError("accepted: " + head);
    }

    @Test
    void readsWhatBrowsersAndCurlSend() throws Exception {
        RequestHead r = parse("GET /now?x=1 HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n");
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/now");
        assertThat(r.minor()).isEqualTo(1);
        assertThat(r.value("host")).contains("localhost:8080");
        assertThat(r.keepAlive()).isTrue();
        assertThat(r.hasBody()).isFalse();
    }

    @Test
    void theHostIsTheAbsoluteTargetsAuthorityElseTheHostField() throws Exception {
        assertThat(parse("GET /now HTTP/1.1\r\nHost: localhost:8080\r\n\r\n").host()).isEqualTo("localhost:8080");
        assertThat(parse("GET http://user@a.example:80/now?x HTTP/1.1\r\nHost: localhost\r\n\r\n").host()).isEqualTo("a.example:80");
        assertThat(parse("GET http://a.example?x HTTP/1.1\r\nHost: localhost\r\n\r\n").host()).isEqualTo("a.example");
        assertThat(parse("GET HTTPS://[::1]:8443 HTTP/1.1\r\nHost: localhost\r\n\r\n").host()).isEqualTo("[::1]:8443");
        assertThat(parse("GET / HTTP/1.0\r\n\r\n").host()).isEmpty();
        assertThat(parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").path()).isEqualTo("*");
    }

    @Test
    void keepAliveFollowsTheVersionAndConnection() throws Exception {
        assertThat(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").keepAlive()).isFalse();
        assertThat(parse("GET / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
        assertThat(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive()).isTrue();
        assertThat(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, close\r\n\r\n").keepAlive()).isFalse();
    }

    @Test
    void http10NeedsNoHostAndALater11IsServedAs11() throws Exception {
        assertThat(parse("HEAD / HTTP/1.0\r\n\r\n").minor()).isEqualTo(0);
        assertThat(parse("GET / HTTP/1.9\r\nHost: a\r\n\r\n").minor()).isEqualTo(1);
    }

    @Test
    void takesAnAbsoluteFormTarget() throws Exception {
        assertThat(parse("GET http://clock.example:8080/events HTTP/1.1\r\nHost: clock.example\r\n\r\n").path()).isEqualTo("/events");
        assertThat(parse("GET http://clock.example HTTP/1.1\r\nHost: clock.example\r\n\r\n").path()).isEqualTo("/");
    }

    @Test
    void aBodyIsNoticedAndAMalformedLengthRefused() throws Exception {
        assertThat(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n").hasBody()).isTrue();
        assertThat(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").hasBody()).isFalse();
        assertThat(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n").hasBody()).isTrue();
        assertThat(refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"))
                .isEqualTo(Status.BAD_REQUEST);
        assertThat(refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n")).isEqualTo(Status.BAD_REQUEST);
        assertThat(refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n")).isEqualTo(Status.BAD_REQUEST);
        assertThat(refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1e3\r\n\r\n")).isEqualTo(Status.BAD_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\n\r\n",                                   // no Host on 1.1
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",             // two Hosts
        "GET / HTTP/1.1\nHost: a\n\n",                              // bare LF
        "GET / HTTP/1.1\r\nHost: a\n\r\n",                          // one bare LF among CR LFs
        "GET / HTTP/1.1\r\nHost: a\rX: y\r\n\r\n",                  // bare CR
        "GET / HTTP/1.1\r\nHost: a\r\nX: y\r\n z\r\n\r\n",          // obs-fold
        "GET / HTTP/1.1\r\nHost: a\r\n\tX: y\r\n\r\n",              // a line that begins with a tab
        "GET / HTTP/1.1\r\nHost: a\u0000b\r\n\r\n",                 // NUL in a value
        "GET /\u0000 HTTP/1.1\r\nHost: a\r\n\r\n",                  // NUL in the target
        "GET / HTTP/1.1\r\nHost : a\r\n\r\n",                       // space before the colon
        "GET / HTTP/1.1\r\nHost: a\r\nNo colon here\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: \u0001\r\n\r\n",           // a control character in a value
        "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",                       // two spaces
        "GET / HTTP/1.1 \r\nHost: a\r\n\r\n",                       // a trailing space
        "GET /\r\n\r\n",                                            // HTTP/0.9
        "GET / http/1.1\r\nHost: a\r\n\r\n",                        // the version is case-sensitive
        "GET / HTTP/1.10\r\nHost: a\r\n\r\n",
        "GET / HTTP/x.1\r\nHost: a\r\n\r\n",
        "G\u00c9T / HTTP/1.1\r\nHost: a\r\n\r\n",                   // not a token
        "GET now HTTP/1.1\r\nHost: a\r\n\r\n",                      // not origin-form
        "GET * HTTP/1.1\r\nHost: a\r\n\r\n",                        // asterisk-form is OPTIONS's
        "GET /a\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n",                 // a raw non-ASCII byte in the target
        "GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n",                     // a fragment
        "\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n\r\n",                    // not a head that ends where it should
    })
    void refusesMalformedHeadsWith400(String head) {
        assertThat(refusal(head)).isEqualTo(Status.BAD_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/2.0", "HTTP/3.0", "HTTP/0.9"})
    void refusesOtherMajorVersionsWith505(String version) {
        assertThat(refusal("GET / " + version + "\r\nHost: a\r\n\r\n")).isEqualTo(Status.VERSION_NOT_SUPPORTED);
    }

    @Test
    void boundsTheFieldCount() {
        String many = "GET / HTTP/1.1\r\nHost: a\r\n" + "X: y\r\n".repeat(RequestParser.MAX_FIELDS) + "\r\n";
        assertThat(refusal(many)).isEqualTo(Status.HEADERS_TOO_LARGE);
    }

    @Test
    void aRefusalSaysWhatWasWrong() {
        assertThatThrownBy(() -> parse("GET / HTTP/1.1\nHost: a\n\n")).hasMessageContaining("bare LF");
        assertThatThrownBy(() -> parse("GET / HTTP/1.1\r\n\r\n")).hasMessageContaining("Host");
    }
}
