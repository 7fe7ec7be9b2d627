package dev.clock.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clock.tcp.TcpListener;
import dev.clock.metrics.ClockMetrics;
import dev.clock.metrics.MetricsPort;
import dev.clock.metrics.MetricsSite;
import dev.clock.access.AccessPolicy;
import dev.clock.net.Listener;
import dev.clock.net.ServerStats;
import dev.clock.testing.LineClient;
import dev.clock.tick.TickFormat;
import dev.clock.tick.Ticker;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The service in-process: every protocol on port 0, the drain, the close order, a failed bind. */
@Timeout(30)
class ClockServiceTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static ServeConfig.Builder everything() {
        return ServeConfig.builder().bind("127.0.0.1").port(0).zone(ZoneId.of("UTC")).daytime(0).time(0).metrics(0);
    }

    @Test
    void servesEveryProtocolOnItsOwnPort() throws Exception {
        try (ClockService service = ClockService.open(everything().build())) {
            service.start();
            assertThat(service.listeners()).extracting(Listener::protocol).containsExactly("stream", "daytime", "time");

            try (LineClient stream = new LineClient(port(service, "stream"))) {
                assertThat(stream.readLine()).matches("\\d\\d:\\d\\d:\\d\\d");
            }
            try (LineClient daytime = new LineClient(port(service, "daytime"))) {
                assertThat(daytime.readLine()).matches("\\w+day, \\w+ \\d+, \\d{4} \\d\\d:\\d\\d:\\d\\d-UTC");
            }
            try (DatagramSocket udp = new DatagramSocket()) {
                udp.setSoTimeout(2_000);
                udp.send(new DatagramPacket(new byte[1], 1, InetAddress.getLoopbackAddress(), port(service, "time")));
                DatagramPacket reply = new DatagramPacket(new byte[16], 16);
                udp.receive(reply);
                assertThat(reply.getLength()).isEqualTo(4);
                long seconds = Integer.toUnsignedLong(ByteBuffer.wrap(reply.getData(), 0, 4).getInt()) - 2_208_988_800L;
                assertThat(seconds).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(2L));
            }
            assertThat(health(service)).isEqualTo(200);
        }
    }

    @Test
    void theDrainKeepsServingWithHealthAt503ThenClosesEverything() throws Exception {
        ClockService service = ClockService.open(everything().drain(Duration.ofMillis(1500)).build());
        service.start();
        int stream = port(service, "stream");
        int metrics = service.metricsAddress().orElseThrow().getPort();
        try (LineClient client = new LineClient(stream)) {
            client.readLine();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
                try {
                    service.stop();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            dev.clock.testing.Await.until(() -> !service.serving(), Duration.ofSeconds(2));
            assertThat(health(service)).as("draining: out of rotation").isEqualTo(503);
            try (LineClient late = new LineClient(stream)) {
                assertThat(late.readLine()).as("a client that comes while draining is still served").isNotNull();
            }
            assertThat(stopping).as("still draining").isNotDone();

            stopping.get();
            String last = client.readLine();
            for (int ticks = 0; ticks < 4 && last != null; ticks++) {
                last = client.readLine(); // the ticks of the drain, then the end
            }
            assertThat(last).as("after the drain the client sees end of stream").isNull();
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", stream).close()).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> new Socket("127.0.0.1", metrics).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void closesListenersInReverseThenTheTickerThenTheMetricsLast() throws Exception {
        List<String> closed = new ArrayList<>();
        AtomicBoolean serving = new AtomicBoolean(true);
        PrometheusRegistry registry = new PrometheusRegistry();
        TcpListener metrics = MetricsPort.bind(new InetSocketAddress("127.0.0.1", 0), MetricsSite.site(registry, serving::get),
                AccessPolicy.Rules.open(), Duration.ofSeconds(1));
        int metricsPort = metrics.address().getPort();
        List<Listener> listeners = List.of(new Recording("stream", closed, metricsPort), new Recording("daytime", closed, metricsPort));
        ClockMetrics.register(registry, listeners);
        Ticker ticker = new Ticker(TickFormat.of("HH:mm:ss", ZoneId.of("UTC")), Duration.ofSeconds(1));
        ClockService service = new ClockService(ServeConfig.builder().port(0).build(), serving, ticker, listeners, metrics,
                new java.util.concurrent.CompletableFuture<>());
        service.start();

        service.close();
        service.close(); // idempotent

        assertThat(closed).containsExactly("daytime (metrics up)", "stream (metrics up)");
        assertThat(serving).isFalse();
        assertThatThrownBy(() -> new Socket("127.0.0.1", metricsPort).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void aPortThatCannotBeHadNamesItsOptionAndLeavesNothingBound() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int free;
            try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
                free = probe.getLocalPort();
            }
            ServeConfig config = ServeConfig.builder().bind("127.0.0.1").port(free).zone(ZoneId.of("UTC"))
                    .time(taken.getLocalPort()).build();
            assertThatThrownBy(() -> ClockService.open(config)).isInstanceOf(ListenException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (--time): address already in use");
            // The stream's port, bound first, was let go again.
            new ServerSocket(free, 50, InetAddress.getByName("127.0.0.1")).close();
        }
    }

    @Test
    void theMetricsArePrivateEvenWhenTheClockListensEverywhere() throws Exception {
        try (ClockService service = ClockService.open(ServeConfig.builder().bind("0.0.0.0").port(0).metrics(0).build())) {
            assertThat(service.metricsAddress().orElseThrow().getAddress().isLoopbackAddress()).isTrue();
            assertThat(service.listeners().getFirst().address().getAddress().isAnyLocalAddress()).isTrue();
        }
    }

    @Test
    void anUnknownHostIsOneLine() {
        assertThatThrownBy(() -> ClockService.open(ServeConfig.builder().bind("no-such-host.invalid").port(0).build()))
                .isInstanceOf(ListenException.class).hasMessage("cannot listen on no-such-host.invalid (--bind): unknown host");
    }

    @Test
    void aDoorOfATestsOwnIsServedEndToEndByTheService() throws Exception {
        ServeConfig config = ServeConfig.builder().bind("127.0.0.1").port(0).zone(ZoneId.of("UTC")).build();
        try (ClockService service = ClockService.open(config, List.of(), List.of(new EchoDoor(0)))) {
            service.start();
            assertThat(service.listeners()).extracting(Listener::protocol).containsExactly("stream", "echo");
            try (LineClient echo = new LineClient(port(service, "echo"))) {
                echo.socket().getOutputStream().write("hello, clock\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertThat(echo.readLine()).isEqualTo("hello, clock");
            }
            assertThat(service.listeners().get(1).stats().acceptedCount()).isEqualTo(1);
        }
    }

    @Test
    void withReusePortEveryDoorsPortIsSharedSoANewServiceTakesOverEachOne() throws Exception {
        // The swap of a new version: it binds every port the old one holds, then the old one goes.
        ServeConfig.Builder every = ServeConfig.builder().bind("127.0.0.1").port(0).zone(ZoneId.of("UTC")).daytime(0).ntp(0)
                .http(0).reusePort(true);
        ClockService next;
        try (ClockService old = ClockService.open(every.build())) {
            old.start();
            next = ClockService.open(every.port(port(old, "stream")).daytime(port(old, "daytime")).ntp(port(old, "ntp"))
                    .http(port(old, "http")).build());
            next.start();
        }
        try (next) {
            try (LineClient stream = new LineClient(port(next, "stream"))) {
                assertThat(stream.readLine()).matches("\\d\\d:\\d\\d:\\d\\d");
            }
            try (LineClient daytime = new LineClient(port(next, "daytime"))) {
                assertThat(daytime.readLine()).endsWith("-UTC");
            }
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
                udp.setSoTimeout(2_000);
                udp.send(new DatagramPacket(new byte[1], 1, InetAddress.getByName("127.0.0.1"), port(next, "daytime")));
                DatagramPacket reply = new DatagramPacket(new byte[64], 64);
                udp.receive(reply);
                assertThat(new String(reply.getData(), 0, reply.getLength(), java.nio.charset.StandardCharsets.US_ASCII)).contains("-UTC");
                byte[] request = new byte[48];
                request[0] = 0x23; // version 4, client
                udp.send(new DatagramPacket(request, 48, InetAddress.getByName("127.0.0.1"), port(next, "ntp")));
                reply = new DatagramPacket(new byte[64], 64);
                udp.receive(reply);
                assertThat(reply.getLength()).isEqualTo(48);
                assertThat(reply.getData()[0] & 0x07).as("server mode").isEqualTo(4);
            }
            HttpResponse<String> now = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(next, "http") + "/now"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(now.statusCode()).isEqualTo(200);
        }
    }

    private static int port(ClockService service, String protocol) {
        return service.listeners().stream().filter(l -> l.protocol().equals(protocol)).findFirst().orElseThrow().address().getPort();
    }

    private static int health(ClockService service) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + service.metricsAddress().orElseThrow().getPort() + "/healthz");
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A listener that notes when it is closed, and whether the metrics still answered then. */
    private record Recording(String protocol, List<String> closed, int metricsPort) implements Listener {
        @Override
        public InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", 0);
        }

        @Override
        public String description() {
            return "recording";
        }

        @Override
        public ServerStats stats() {
            return new ServerStats();
        }

        @Override
        public int connected() {
            return 0;
        }

        @Override
        public void start() {
        }

        @Override
        public void close() {
            boolean up;
            try (Socket s = new Socket("127.0.0.1", metricsPort)) {
                up = s.isConnected();
            } catch (IOException e) {
                up = false;
            }
            closed.add(protocol + (up ? " (metrics up)" : " (metrics down)"));
        }
    }
}
