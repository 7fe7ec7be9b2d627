package dev.clock.activation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.access.AccessPolicy;
import dev.clock.tcp.TcpListener;
import dev.clock.tick.TickFormat;
import dev.clock.tick.Ticker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One client handed over on standard input, over a real loopback connection and a real ticker. */
@Timeout(30)
class InetdClientTest {
    private static final AccessPolicy OPEN = new AccessPolicy(AccessPolicy.Rules.open());
    private ServerSocketChannel listening;
    private Ticker ticker;

    @BeforeEach
    void listen() throws Exception {
        listening = ServerSocketChannel.open();
        listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() throws Exception {
        if (ticker != null) {
            ticker.close();
        }
        listening.close();
    }

    private Ticker ticker(String pattern, Duration interval) {
        ticker = new Ticker(TickFormat.of(pattern, ZoneId.of("UTC")), interval).start();
        return ticker;
    }

    private HandedOver.Connected accept() throws Exception {
        SocketChannel accepted = listening.accept();
        return new HandedOver.Connected("stream", accepted, (InetSocketAddress) accepted.getLocalAddress(),
                (InetSocketAddress) accepted.getRemoteAddress());
    }

    @Test
    void theClientGetsTheTimeAtOnceThenEveryTick() throws Exception {
        Ticker ticker = ticker("HH:mm:ss.SSS", Duration.ofMillis(100));
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listening.socket().getLocalPort());
             TcpListener served = InetdClient.serve(accept(), ticker, Duration.ofSeconds(10), OPEN)) {
            client.setSoTimeout(5_000);
            served.start();
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            String first = in.readLine();
            String second = in.readLine();
            String third = in.readLine();
            assertThat(first).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d00");
            assertThat(second).isGreaterThan(first);
            assertThat(third).isGreaterThan(second);
            assertThat(served.connected()).isEqualTo(1);
            assertThat(served.stats().acceptedCount()).isEqualTo(1);
        }
    }

    @Test
    void whenTheClientLeavesItIsGoneAndTheConnectionClosed() throws Exception {
        Ticker ticker = ticker("HH:mm:ss.SSS", Duration.ofMillis(50));
        Socket client = new Socket(InetAddress.getLoopbackAddress(), listening.socket().getLocalPort());
        HandedOver.Connected connection = accept();
        try (TcpListener served = InetdClient.serve(connection, ticker, Duration.ofSeconds(10), OPEN)) {
            served.start();
            client.getInputStream().read();
            client.close();
            served.ended().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(connection.channel().socket().isOutputShutdown()).isTrue();
            assertThat(served.connected()).isZero();
            assertThat(served.stats().writeErrorCount()).isEqualTo(1);
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedAfterTheWriteTimeout() throws Exception {
        // Lines of 2 KB into buffers of a few KB: the writes stall within a few ticks.
        Ticker ticker = ticker("'" + "x".repeat(2_000) + "' HH:mm:ss.SSS", Duration.ofMillis(10));
        try (Socket client = new Socket()) {
            client.setReceiveBufferSize(2_048);
            client.connect(listening.getLocalAddress());
            HandedOver.Connected connection = accept();
            connection.channel().setOption(StandardSocketOptions.SO_SNDBUF, 4_096);
            try (TcpListener served = InetdClient.serve(connection, ticker, Duration.ofMillis(300), OPEN)) {
                served.start();
                served.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(served.stats().droppedStalledCount()).isEqualTo(1);
                assertThat(connection.channel().socket().isOutputShutdown()).isTrue();
            }
        }
    }

    @Test
    void closingEndsTheClientWithoutCallingItGone() throws Exception {
        Ticker ticker = ticker("HH:mm:ss.SSS", Duration.ofMillis(50));
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listening.socket().getLocalPort())) {
            client.setSoTimeout(5_000);
            HandedOver.Connected connection = accept();
            TcpListener served = InetdClient.serve(connection, ticker, Duration.ofSeconds(10), OPEN);
            served.start();
            assertThat(client.getInputStream().read()).isNotNegative();
            served.close();
            served.close();
            // The server ended the connection: the client reads what was sent, then the end.
            while (client.getInputStream().read() >= 0) {
                // drain the lines sent before the end
            }
            assertThat(served.ended().toCompletableFuture().isDone()).isFalse();
            assertThat(served.connected()).isZero();
        }
    }
}
