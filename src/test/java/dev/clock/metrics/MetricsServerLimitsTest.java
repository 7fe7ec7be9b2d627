package dev.clock.metrics;

import static dev.clock.metrics.MetricsServerTest.closedByServer;
import static dev.clock.metrics.MetricsServerTest.loopback;
import static dev.clock.metrics.MetricsServerTest.openDescriptors;
import static dev.clock.metrics.MetricsServerTest.paddedRegistry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.Await;
import dev.clock.testing.TcpTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bounds of {@link HttpServerLimits#OPERATORS} as a hostile client meets them, with real sockets
 * and the real timeouts (the JDK counts them in whole seconds and reads them once per JVM).
 */
@Timeout(60)
class MetricsServerLimitsTest {
    private static final HttpServerLimits LIMITS = HttpServerLimits.OPERATORS;
    /** How late the JDK's timers may close a connection: a tick, plus a loaded machine's slack. */
    private static final Duration LATE = LIMITS.checkEvery().plusSeconds(3);

    private MetricsServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = MetricsServer.start(loopback(), paddedRegistry(), () -> true);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        server.close();
    }

    @Test
    void connectionsBeyondTheCapAreClosedAtOnceAndSlowOnesAfterTheRequestTimeout() throws Exception {
        long before = openDescriptors();
        List<CompletableFuture<Duration>> holders = new ArrayList<>();
        // The cap, held three ways: headers never finished, headers a byte at a time, nothing at all.
        for (int i = 0; i < LIMITS.maxConnections(); i++) {
            Socket s = connect();
            switch (i % 3) {
                case 0 -> send(s, "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ");
                case 1 -> trickle(s);
                default -> { }
            }
            holders.add(timeToClose(s));
        }
        // Each held connection is two descriptors here, the client's and the server's, once accepted.
        Await.until(() -> openDescriptors() >= before + 2L * LIMITS.maxConnections(), Duration.ofSeconds(5));

        for (int i = 0; i < 8; i++) {
            Socket extra = connect();
            send(extra, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            long start = System.nanoTime();
            assertThat(closedByServer(extra)).as("connection %d past the cap", i + 1).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed by the cap, before any timeout")
                    .isLessThan(LIMITS.requestTimeout().minusSeconds(2));
        }

        for (CompletableFuture<Duration> holder : holders) {
            assertThat(holder.get(LIMITS.requestTimeout().plus(LATE).toSeconds() + 5, TimeUnit.SECONDS))
                    .as("a slow client's connection lasts the request timeout")
                    .isBetween(LIMITS.requestTimeout().minus(LIMITS.checkEvery()), LIMITS.requestTimeout().plus(LATE));
        }
        // With the slow ones gone, a fresh client is served at once.
        Socket fresh = connect();
        send(fresh, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(statusLine(fresh)).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        Socket s = connect();
        send(s, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(statusLine(s)).isEqualTo("HTTP/1.1 200 OK");
        long answered = System.nanoTime();
        assertThat(closedByServer(s)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - answered))
                .isBetween(LIMITS.idleTimeout().minus(LIMITS.checkEvery()), LIMITS.idleTimeout().plus(LATE));
    }

    @Test
    void aClientThatStopsReadingIsClosedAfterTheResponseTimeout() throws Exception {
        int requests = 400;
        // A small window and ~11 MB of pipelined scrapes: more than the kernel buffers, so the server's write blocks.
        Socket s = new Socket();
        sockets.add(s);
        s.setReceiveBufferSize(4096);
        s.connect(server.address(), 5_000);
        long sent = System.nanoTime();
        send(s, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".repeat(requests));
        // Awaited rather than slept: on a loaded machine the JDK's timer may close later than the
        // response timeout plus a tick, and a client that then reads lets the server finish.
        Await.until(() -> !TcpTable.serverEndEstablished(server.address().getPort(), s.getLocalPort()),
                LIMITS.responseTimeout().plus(LATE).plusSeconds(20));
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("time to the close")
                .isGreaterThanOrEqualTo(LIMITS.responseTimeout().minus(LIMITS.checkEvery()));

        s.setSoTimeout(10_000);
        int responses = 0;
        InputStream in = s.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        String tail = "";
        boolean closed;
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                String chunk = tail + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                responses += count(chunk, "HTTP/1.1 200 OK");
                tail = chunk.substring(Math.max(0, chunk.length() - 20));
            }
            closed = true;
        } catch (SocketTimeoutException e) {
            closed = false;
        } catch (SocketException e) {
            closed = true;
        }
        assertThat(closed).as("closed while the client did not read").isTrue();
        assertThat(responses).as("responses before the close").isLessThan(requests);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(server.address(), 5_000);
        s.setSoTimeout(Math.toIntExact(LIMITS.requestTimeout().plus(LATE).plusSeconds(5).toMillis()));
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Sends a header a byte every quarter second, for as long as the server takes them. */
    private static void trickle(Socket s) {
        Thread.ofVirtual().start(() -> {
            try {
                send(s, "GET /metrics HTTP/1.1\r\nX-Slow: ");
                while (true) {
                    send(s, "x");
                    Thread.sleep(250);
                }
            } catch (IOException | InterruptedException e) {
                // closed by the server, or by the test
            }
        });
    }

    /** How long from now until the server closes {@code s}. */
    private static CompletableFuture<Duration> timeToClose(Socket s) {
        long start = System.nanoTime();
        return CompletableFuture.supplyAsync(() -> {
            try {
                return closedByServer(s) ? Duration.ofNanos(System.nanoTime() - start) : Duration.ofDays(1);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    private static String statusLine(Socket s) throws IOException {
        StringBuilder line = new StringBuilder();
        InputStream in = s.getInputStream();
        for (int c; (c = in.read()) != '\n' && c != -1; ) {
            line.append((char) c);
        }
        return line.toString().strip();
    }

    private static int count(String text, String of) {
        int n = 0;
        for (int i = text.indexOf(of); i >= 0; i = text.indexOf(of, i + 1)) {
            n++;
        }
        return n;
    }
}
