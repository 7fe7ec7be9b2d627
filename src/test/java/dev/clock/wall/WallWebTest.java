package dev.clock.wall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.tcp.TcpListener;
import dev.clock.access.AccessPolicy;
import dev.clock.http.Hosts;
import dev.clock.http.HttpListener;
import dev.clock.http.HttpSettings;
import dev.clock.tcp.ClientPlaces;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The wall's page answers only its own Host names (issue 25, DNS rebinding): its events name the
 * servers it watches, which a page on another site must not read. Raw requests, real sockets.
 */
@Timeout(20)
class WallWebTest {
    private TcpListener web;

    @BeforeEach
    void start() throws IOException {
        WallFeed feed = new WallFeed(List.of(ClockSpec.parse("Tokyo=intranet-clock.example:8030")));
        web = HttpListener.bind(HttpSettings.at(new InetSocketAddress("127.0.0.1", 0), Duration.ofSeconds(2), 1),
                WallWeb.site(feed, Hosts.only(List.of("wall.example.org"))), new ClientPlaces(8),
                new AccessPolicy(AccessPolicy.Rules.open()));
        web.start();
    }

    @AfterEach
    void stop() {
        web.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:PORT", "LocalHost.", "127.0.0.1:PORT", "10.1.2.3", "[::1]:PORT", "[::1]",
        "wall.example.org", "Wall.Example.Org.:PORT"})
    void itsOwnNamesAndAnyAddressAreAnswered(String host) throws Exception {
        String h = host.replace("PORT", Integer.toString(web.address().getPort()));
        assertThat(exchange("GET / HTTP/1.1\r\nHost: " + h + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(exchange("GET /events HTTP/1.1\r\nHost: " + h + "\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("\"name\": \"Tokyo\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"attacker.example", "attacker.example:PORT", "wall.example.org.attacker.example", "localhost.attacker.example",
        "127.0.0.1.nip.io", "1.2.3", "[::1", ":PORT"})
    void anotherNameGets421AndNotTheEvents(String host) throws Exception {
        String h = host.replace("PORT", Integer.toString(web.address().getPort()));
        for (String path : new String[] {"/", "/events", "/nope"}) {
            String response = exchange("GET " + path + " HTTP/1.1\r\nHost: " + h + "\r\nConnection: close\r\n\r\n");
            assertThat(response).as(path).startsWith("HTTP/1.1 421 Misdirected Request\r\n").doesNotContain("Tokyo")
                    .endsWith("\r\n\r\nmisdirected request: this server does not answer to the name " + h
                            + "; name it by its address or localhost, or let it answer this name (--http-host)\n");
        }
    }

    @Test
    void anAbsoluteTargetsHostIsTheOneChecked() throws Exception {
        // RFC 9112, 3.2.2: the target's authority wins over the Host field.
        assertThat(exchange("GET http://attacker.example/events HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 421 ");
        assertThat(exchange("GET http://localhost/ HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ");
    }

    @Test
    void aRequestWithoutAHostIsNotABrowsersAndIsAnswered() throws Exception {
        assertThat(exchange("GET / HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n");
    }

    /** What the server sends until it closes, or, of an event stream, through its first event. */
    private String exchange(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", web.address().getPort())) {
            s.setSoTimeout(2_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            StringBuilder got = new StringBuilder();
            byte[] buffer = new byte[8192];
            try {
                for (int n; !(got.toString().contains("\ndata: ") && got.toString().endsWith("\n\n")) && (n = s.getInputStream().read(buffer)) > 0; ) {
                    got.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (java.net.SocketTimeoutException stillStreaming) {
                // an event stream with no event yet: what came is what it sent
            }
            return got.toString();
        }
    }
}
