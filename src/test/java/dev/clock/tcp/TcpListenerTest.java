package dev.clock.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.access.AccessPolicy;
import dev.clock.access.Cidr;
import dev.clock.net.Refusal;
import dev.clock.net.ServerStats;
import dev.clock.testing.AccessRules;
import dev.clock.testing.Await;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The listener framework with a protocol of the test's own, over real loopback sockets. */
@Timeout(30)
class TcpListenerTest {
    private static final AccessPolicy OPEN = new AccessPolicy(AccessPolicy.Rules.open());

    /** A protocol that hands each connection over to the test, as the stream hands its clients to a broadcast. */
    private static class HandOver implements ConnectionHandler {
        final CompletableFuture<Connection> taken = new CompletableFuture<>();

        @Override
        public String description() {
            return "hands over";
        }

        @Override
        public Dispatch dispatch() {
            return Dispatch.VIRTUAL_THREAD;
        }

        @Override
        public byte[] refusal(Refusal why) {
            return ("refused: " + why.label() + "\n").getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public boolean serve(Connection connection) {
            taken.complete(connection);
            return true;
        }
    }

    private static ServerSocketChannel bound() throws IOException {
        return ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    }

    @Test
    void aConnectionHandedOverIsCountedOnceWhileItChangesHands() throws Exception {
        // The cause of HttpListenerTest's 21 of 20: a stream counted by its request's thread and by
        // its broadcast at once, from the hand-over until the thread's end. Held open here.
        HandOver protocol = new HandOver();
        ClientPlaces places = new ClientPlaces(10);
        try (TcpListener listener = TcpListener.serving(bound(), "test", protocol, new Admission("test", OPEN, places),
                new ServerStats())) {
            CountDownLatch handedOver = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            listener.afterServe(() -> {
                handedOver.countDown();
                awaitQuietly(release);
            });
            listener.start();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.address().getPort())) {
                assertThat(handedOver.await(5, TimeUnit.SECONDS)).isTrue();
                assertThat(listener.connected()).as("in the middle of the hand-over").isEqualTo(1);
                assertThat(places.taken()).isEqualTo(1);
                release.countDown();
                Connection connection = protocol.taken.get(5, TimeUnit.SECONDS);
                assertThat(listener.connected()).as("after it").isEqualTo(1);
                connection.leave();
                connection.leave(); // counted once
                assertThat(listener.connected()).isZero();
                assertThat(places.taken()).isZero();
                connection.channel().close();
            }
        }
    }

    @Test
    void aRefusalIsTheProtocolsBytesThenTheEndAndHoldsNothing() throws Exception {
        HandOver protocol = new HandOver();
        ClientPlaces places = new ClientPlaces(1);
        ServerStats stats = new ServerStats();
        try (TcpListener listener = TcpListener.serving(bound(), "test", protocol, new Admission("test", OPEN, places), stats)) {
            listener.start();
            try (Socket first = new Socket(InetAddress.getLoopbackAddress(), listener.address().getPort());
                 Socket second = new Socket(InetAddress.getLoopbackAddress(), listener.address().getPort())) {
                second.setSoTimeout(5_000);
                // Something sent ahead and never read must not turn the end into a reset.
                second.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(second.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .isEqualTo("refused: full\n");
                assertThat(stats.refusedCount(Refusal.FULL)).isEqualTo(1);
                assertThat(listener.connected()).isEqualTo(1);
                protocol.taken.get(5, TimeUnit.SECONDS).leave();
                assertThat(places.taken()).isZero();
            }
        }
    }

    @Test
    void oneConnectionHandedOverIsAdmittedLikeAnyOtherAndRefusedWhenDenied() throws Exception {
        // inetd's nowait: the process is given one client; --deny must turn it away too.
        AccessPolicy denyLoopback = new AccessPolicy(new AccessPolicy.Rules(List.of(), List.of(Cidr.parse("127.0.0.0/8")),
                Integer.MAX_VALUE, Double.POSITIVE_INFINITY, 1, Double.POSITIVE_INFINITY, 1));
        try (ServerSocketChannel listening = bound();
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listening.socket().getLocalPort())) {
            client.setSoTimeout(5_000);
            SocketChannel accepted = listening.accept();
            HandOver protocol = new HandOver();
            ServerStats stats = new ServerStats();
            TcpListener one = TcpListener.servingOne(accepted, (InetSocketAddress) accepted.getLocalAddress(), "stream", protocol,
                    new Admission("stream", denyLoopback, new ClientPlaces(1)), stats);
            one.start();
            one.ended().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .as("the protocol's refusal, then the end").isEqualTo("refused: denied\n");
            assertThat(protocol.taken).isNotDone();
            assertThat(stats.refusedCount(Refusal.DENIED)).isEqualTo(1);
            assertThat(stats.acceptedCount()).isEqualTo(1);
            assertThat(accepted.isOpen()).as("shut down, its descriptor kept: it is standard input").isTrue();
            one.close();
            accepted.close();
        }
    }

    @Test
    void oneConnectionHandedOverThatIsLetInEndsTheListenerWhenItLeaves() throws Exception {
        try (ServerSocketChannel listening = bound();
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listening.socket().getLocalPort())) {
            SocketChannel accepted = listening.accept();
            HandOver protocol = new HandOver();
            TcpListener one = TcpListener.servingOne(accepted, (InetSocketAddress) accepted.getLocalAddress(), "stream", protocol,
                    new Admission("stream", new AccessPolicy(AccessRules.onlyFrom("127.0.0.0/8")), new ClientPlaces(1)),
                    new ServerStats());
            one.start();
            Connection connection = protocol.taken.get(5, TimeUnit.SECONDS);
            assertThat(one.connected()).isEqualTo(1);
            assertThat(one.ended()).isNotDone();
            connection.leave();
            one.ended().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(one.connected()).isZero();
            one.close();
            accepted.close();
        }
    }

    @Test
    void aConnectionThatFailsBeforeItIsAdmittedIsEndedAndTheListenerServesOn() throws Exception {
        // A reset before the listener could look at it: that connection ends, the listener does not.
        HandOver protocol = new HandOver() {
            private final AtomicBoolean failed = new AtomicBoolean();

            @Override
            public void configure(SocketChannel channel) throws IOException {
                if (failed.compareAndSet(false, true)) {
                    throw new SocketException("Connection reset");
                }
            }
        };
        ClientPlaces places = new ClientPlaces(10);
        try (TcpListener listener = TcpListener.serving(bound(), "test", protocol, new Admission("test", OPEN, places),
                new ServerStats())) {
            listener.start();
            try (Socket reset = new Socket(InetAddress.getLoopbackAddress(), listener.address().getPort())) {
                reset.setSoTimeout(5_000);
                assertThat(reset.getInputStream().read()).as("ended at once").isEqualTo(-1);
            }
            assertThat(listener.ended()).as("a listener of a port never ends by itself").isNotDone();
            assertThat(places.taken()).isZero();
            try (Socket next = new Socket(InetAddress.getLoopbackAddress(), listener.address().getPort())) {
                protocol.taken.get(5, TimeUnit.SECONDS).leave();
            }
        }
    }

    @Test
    void aStopEndsTheConnectionsBeingServedAndWaitsForTheirPlaces() throws Exception {
        ClientPlaces places = new ClientPlaces(10);
        CountDownLatch reading = new CountDownLatch(1);
        ConnectionHandler blocking = new ConnectionHandler() {
            @Override
            public String description() {
                return "reads until closed";
            }

            @Override
            public Dispatch dispatch() {
                return Dispatch.VIRTUAL_THREAD;
            }

            @Override
            public byte[] refusal(Refusal why) {
                return null;
            }

            @Override
            public boolean serve(Connection connection) throws IOException {
                reading.countDown();
                connection.channel().read(ByteBuffer.allocate(1));
                return false;
            }
        };
        TcpListener listener = TcpListener.serving(bound(), "test", blocking, new Admission("test", OPEN, places), new ServerStats());
        listener.start();
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.address().getPort())) {
            assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
            listener.close();
            assertThat(listener.connected()).isZero();
            assertThat(places.taken()).isZero();
            Await.until(() -> {
                try {
                    client.setSoTimeout(1_000);
                    return client.getInputStream().read() == -1;
                } catch (IOException e) {
                    return true;
                }
            }, Duration.ofSeconds(5));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
