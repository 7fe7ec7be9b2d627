package dev.clock.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.tcp.TcpListener;
import dev.clock.access.AccessPolicy;
import dev.clock.tcp.ClientPlaces;
import dev.clock.tick.TickFormat;
import dev.clock.tick.Ticker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the clock's page answers what is not a GET of a page: OPTIONS, any Host. Raw requests, real sockets. */
@Timeout(20)
class SiteAnswersTest {
    private Ticker ticker;
    private TcpListener web;

    @BeforeEach
    void start() throws IOException {
        TickFormat lines = TickFormat.of("HH:mm:ss", ZoneOffset.UTC);
        ticker = new Ticker(lines, Duration.ofMillis(100)).start();
        web = HttpListener.bind(HttpSettings.at(new InetSocketAddress("127.0.0.1", 0), Duration.ofSeconds(2), 1),
                ClockWeb.site(ticker, lines), new ClientPlaces(8), new AccessPolicy(AccessPolicy.Rules.open()));
        web.start();
    }

    @AfterEach
    void stop() {
        web.close();
        ticker.close();
    }

    @Test
    void optionsStarIsAnsweredWithAllow() throws Exception {
        String response = exchange("OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nAllow: GET, HEAD\r\n")
                .contains("\r\nContent-Length: 0\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void optionsOnAPathIsAnsweredWithAllowAndTheConnectionKept() throws Exception {
        try (Socket s = new Socket("127.0.0.1", web.address().getPort())) {
            s.setSoTimeout(2_000);
            s.getOutputStream().write(("OPTIONS /events HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "OPTIONS /now HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "OPTIONS /nope HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String[] responses = all.split("(?=HTTP/1\\.1 )");
            assertThat(responses).hasSize(3);
            assertThat(responses[0]).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nAllow: GET, HEAD\r\n").doesNotContain("text/event-stream");
            assertThat(responses[1]).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nAllow: GET, HEAD\r\n").endsWith("\r\n\r\n");
            assertThat(responses[2]).startsWith("HTTP/1.1 404 Not Found\r\n");
        }
    }

    @Test
    void theClocksPageAnswersAnyHost() throws Exception {
        // The time is no secret: a page elsewhere that reaches it by rebinding learns what everyone may.
        assertThat(exchange("GET /now HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 OK\r\n").contains("\"epochMillis\": ");
    }

    private String exchange(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", web.address().getPort())) {
            s.setSoTimeout(2_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
