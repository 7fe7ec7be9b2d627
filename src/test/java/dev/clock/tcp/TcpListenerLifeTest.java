package dev.clock.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clock.access.AccessPolicy;
import dev.clock.net.Refusal;
import dev.clock.net.ServerStats;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A listener's own life: what it says of itself, its start and its stop, and a connection served on its thread. */
@Timeout(30)
class TcpListenerLifeTest {
    private static final AccessPolicy OPEN = new AccessPolicy(AccessPolicy.Rules.open());

    /** Serves on the accepting thread and is done at once: the listener ends each connection. */
    private static final class Brief implements ConnectionHandler {
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final BlockingQueue<String> threads = new LinkedBlockingQueue<>();

        @Override public String description() { return "brief"; }
        @Override public Dispatch dispatch() { return Dispatch.ACCEPTOR; }
        @Override public byte[] refusal(Refusal why) { return null; }
        @Override public void start() { starts.incrementAndGet(); }
        @Override public void close() { closes.incrementAndGet(); }

        @Override
        public boolean serve(Connection connection) throws IOException {
            threads.add(Thread.currentThread().getName());
            connection.channel().write(java.nio.ByteBuffer.wrap("bye\n".getBytes(StandardCharsets.US_ASCII)));
            return false;
        }
    }

    private static ServerSocketChannel bound() throws IOException {
        return ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    }

    @Test
    void itSaysWhatItIsAndWhichSeriesItCanMove() throws Exception {
        ServerStats stats = new ServerStats();
        Brief handler = new Brief();
        ClientPlaces places = new ClientPlaces(3);
        assertThat(places.max()).isEqualTo(3);
        assertThatThrownBy(() -> new ClientPlaces(0)).hasMessageContaining("max must be at least 1");
        try (TcpListener listener = TcpListener.serving(bound(), "test", handler, new Admission("test", OPEN, places), stats);
             ServerSocketChannel other = bound();
             SocketChannel client = SocketChannel.open(other.getLocalAddress());
             SocketChannel accepted = other.accept()) {
            assertThat(listener.protocol()).isEqualTo("test");
            assertThat(listener.description()).isEqualTo("brief");
            assertThat(listener.stats()).isSameAs(stats);
            assertThat(listener.counts().refusals())
                    .containsExactlyInAnyOrder(Refusal.FULL, Refusal.DENIED, Refusal.PER_SOURCE, Refusal.RATE_LIMITED);
            assertThat(listener.counts().acceptFailures()).isTrue();
            assertThat(listener.counts().ticks()).as("a handler that does not say it fans out").isFalse();
            assertThat(listener.counts().clients()).isTrue();
            TcpListener one = TcpListener.servingOne(accepted, (InetSocketAddress) accepted.getLocalAddress(), "test", handler,
                    new Admission("test", OPEN, places), stats);
            assertThat(one.counts().refusals()).containsExactly(Refusal.DENIED);
            assertThat(one.counts().acceptFailures()).isFalse();
            one.close();
        }
    }

    @Test
    void aConnectionServedOnTheAcceptingThreadIsEndedAndItsPlaceGivenBack() throws Exception {
        Brief handler = new Brief();
        ClientPlaces places = new ClientPlaces(1);
        try (TcpListener listener = TcpListener.serving(bound(), "test", handler, new Admission("test", OPEN, places),
                new ServerStats())) {
            listener.start();
            for (int i = 0; i < 2; i++) { // one place: the second gets it only if the first gave it back
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.address().getPort())) {
                    client.setSoTimeout(5_000);
                    assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                            .as("its line, then the end").isEqualTo("bye\n");
                }
                assertThat(handler.threads.poll(5, TimeUnit.SECONDS)).isEqualTo("clock-test-accept");
            }
            dev.clock.testing.Await.until(() -> places.taken() == 0 && listener.connected() == 0, java.time.Duration.ofSeconds(5));
        }
    }

    @Test
    void theStreamsAcceptingThreadKeepsItsOldName() throws Exception {
        Brief handler = new Brief();
        try (TcpListener listener = TcpListener.serving(bound(), "stream", handler,
                new Admission("stream", OPEN, new ClientPlaces(1)), new ServerStats())) {
            listener.start();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.address().getPort())) {
                client.setSoTimeout(5_000);
                client.getInputStream().readAllBytes();
            }
            assertThat(handler.threads.poll(5, TimeUnit.SECONDS)).isEqualTo("clock-accept");
        }
    }

    @Test
    void itStartsItsHandlerOnceAndAStopClosesItAndFreesThePort() throws Exception {
        Brief handler = new Brief();
        TcpListener listener = TcpListener.serving(bound(), "test", handler,
                new Admission("test", OPEN, new ClientPlaces(1)), new ServerStats());
        int port = listener.address().getPort();
        listener.start();
        listener.start();
        assertThat(handler.starts).hasValue(1);
        listener.close();
        listener.close();
        assertThat(handler.closes).hasValue(1);
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close()).isInstanceOf(ConnectException.class);
        listener.start();
        assertThat(handler.starts).as("no start after a stop").hasValue(1);
    }
}
