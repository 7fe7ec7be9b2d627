package dev.clock.metrics;

import static dev.clock.metrics.MetricsSiteTest.closedByServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clock.tcp.TcpListener;
import dev.clock.access.AccessPolicy;
import dev.clock.testing.AccessRules;
import dev.clock.testing.Await;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the metrics port withstands (issue 25, items 1 and 4), in-process with real loopback sockets:
 * idle and slow connections from several sources cannot keep a health check out, one source holds
 * a few places at most, 0.0.0.0 is IPv4 only, and --allow covers the port.
 */
@Timeout(30)
class MetricsPortTest {
    private static final String HEALTH = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

    private final List<TcpListener> listeners = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicBoolean besieging = new AtomicBoolean(true);

    @AfterEach
    void stop() throws IOException {
        besieging.set(false);
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
        listeners.forEach(TcpListener::close);
    }

    @Test
    void aHealthCheckIsAnsweredWhileIdleAndSlowClientsFromManySourcesHoldEveryPlaceTheyCan() throws Exception {
        // The defaults' connect rate (50 a second, bursts of 100, each source); a head timeout far longer
        // than the test: only making room, not the idle cut, can answer the checks.
        AccessPolicy.Rules defaults = new AccessPolicy.Rules(java.util.List.of(), java.util.List.of(), 100, 50, 100, 20, 40);
        TcpListener port = start("127.0.0.1", Duration.ofSeconds(60), defaults);
        // Five sources of their whole share: more than every place of the port.
        int sources = 5;
        int attackers = sources * MetricsPort.PER_SOURCE;
        assertThat(attackers).isGreaterThan(MetricsPort.PLACES);
        AtomicInteger connects = new AtomicInteger();
        for (int i = 0; i < attackers; i++) {
            String source = "127.0.1." + (1 + i % sources);
            boolean slow = i % 2 == 0;
            Thread.ofVirtual().start(() -> besiege(port, source, slow, connects));
        }
        Await.until(() -> port.connected() >= MetricsPort.MAX_WAITING, Duration.ofSeconds(10));

        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            assertThat(statusLine(port, "127.0.0.1", HEALTH)).as("health check %d among %d idle and slow connections", i + 1, port.connected())
                    .isEqualTo("HTTP/1.1 200 OK");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            Thread.sleep(50);
        }
        assertThat(connects.get()).as("the siege kept reconnecting").isGreaterThan(attackers);
    }

    @Test
    void oneSourceHoldsAFewPlacesAndIsToldWhenItAsksForMore() throws Exception {
        TcpListener port = start("127.0.0.1", Duration.ofSeconds(60), AccessRules.onlyFrom("127.0.0.0/8"));
        for (int i = 0; i < MetricsPort.PER_SOURCE; i++) {
            connect(port, "127.0.0.2");
        }
        Await.until(() -> port.connected() == MetricsPort.PER_SOURCE, Duration.ofSeconds(5));
        String refused = response(port, "127.0.0.2", HEALTH);
        assertThat(refused).startsWith("HTTP/1.1 503 ").contains("Retry-After: 1").endsWith("clock: too many connections from your address\n");
        assertThat(statusLine(port, "127.0.0.3", HEALTH)).as("another source").isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void onTheIpv4WildcardItIsNotOnIpv6() throws Exception {
        TcpListener port = start("0.0.0.0", Duration.ofSeconds(5), AccessPolicy.Rules.open());
        assertThat(statusLine(port, "127.0.0.1", HEALTH)).isEqualTo("HTTP/1.1 200 OK");
        try (Socket v6 = new Socket()) {
            assertThatThrownBy(() -> v6.connect(new InetSocketAddress(InetAddress.getByName("::1"), port.address().getPort()), 2_000))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void theAllowListCoversIt() throws Exception {
        TcpListener port = start("127.0.0.1", Duration.ofSeconds(5), AccessRules.onlyFrom("127.0.0.1"));
        assertThat(statusLine(port, "127.0.0.1", HEALTH)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(response(port, "127.0.0.5", HEALTH)).as("from 127.0.0.5, not allowed: closed without a word").isEmpty();
    }

    @Test
    void theConnectRateCoversIt() throws Exception {
        AccessPolicy.Rules oneASecond = new AccessPolicy.Rules(java.util.List.of(), java.util.List.of(), 100, 1, 1, 1, 1);
        TcpListener port = start("127.0.0.1", Duration.ofSeconds(5), oneASecond);
        assertThat(statusLine(port, "127.0.0.1", HEALTH)).isEqualTo("HTTP/1.1 200 OK");
        // Issue 25: every HTTP refusal is an HTTP answer, a client over the connect rate's too.
        assertThat(response(port, "127.0.0.1", HEALTH)).as("a second connection within the second: 503, try again")
                .startsWith("HTTP/1.1 503 ").contains("\r\nRetry-After: 1\r\n");
        assertThat(statusLine(port, "127.0.0.2", HEALTH)).as("another source").isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void anIdleConnectionIsCutAfterTheHeadTimeout() throws Exception {
        TcpListener port = start("127.0.0.1", Duration.ofMillis(300), AccessPolicy.Rules.open());
        Socket idle = connect(port, "127.0.0.1");
        idle.setSoTimeout(5_000);
        long start = System.nanoTime();
        assertThat(closedByServer(idle)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofMillis(1_500));
    }

    private TcpListener start(String host, Duration headTimeout, AccessPolicy.Rules serve) throws IOException {
        TcpListener port = MetricsPort.bind(MetricsPort.settings(new InetSocketAddress(host, 0), headTimeout, Duration.ofSeconds(2)),
                MetricsSite.site(new PrometheusRegistry(), () -> true), serve);
        listeners.add(port);
        port.start();
        return port;
    }

    /** Holds a connection from {@code source} that sends nothing, or half a head, and opens another when it is closed. */
    private void besiege(TcpListener port, String source, boolean slow, AtomicInteger connects) {
        while (besieging.get()) {
            try (Socket s = connect(port, source)) {
                connects.incrementAndGet();
                if (slow) {
                    s.getOutputStream().write("GET /metrics HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                }
                s.setSoTimeout(0);
                s.getInputStream().read(); // until the server closes it
            } catch (IOException e) {
                // closed by the server, or refused: again
            }
            sleepQuietly(Duration.ofMillis(20)); // a siege, not a busy loop on a shared machine
        }
    }

    private Socket connect(TcpListener port, String source) throws IOException {
        Socket s = new Socket();
        synchronized (sockets) {
            sockets.add(s);
        }
        s.bind(new InetSocketAddress(source, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port.address().getPort()), 2_000);
        return s;
    }

    private String statusLine(TcpListener port, String source, String request) throws IOException {
        String response = response(port, source, request);
        return response.substring(0, Math.max(0, response.indexOf("\r\n")));
    }

    /** The whole response from {@code source}, read within 2 s, as {@code curl -m2} would. */
    private String response(TcpListener port, String source, String request) throws IOException {
        try (Socket s = connect(port, source)) {
            s.setSoTimeout(2_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            try {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (java.net.SocketException reset) {
                return "";
            }
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
