package dev.clock.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.net.ServerStats;
import dev.clock.tick.Tick;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A {@link Broadcast}'s clients without a thread of their own: how they are closed, whoever ends them first. */
@Timeout(30)
class BroadcastTest {
    private static final Tick FIRST = Tick.of(1, 1, Instant.EPOCH, "00:00:01\n");

    @Test
    void aClientAdmittedAsTheBroadcastStopsGetsItsFirstLineThenTheEndOfTheStream() throws Exception {
        List<SocketAddress> departed = new CopyOnWriteArrayList<>();
        Broadcast broadcast = new Broadcast("stream", TickEncoding.LINE, 1, Duration.ofSeconds(10), new ServerStats());
        broadcast.start();
        broadcast.close(); // ends every client from now on at once: before its first line is written
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            // Many times over: a close that raced the first write would lose some of them.
            for (int i = 0; i < 100; i++) {
                try (Socket client = new Socket("127.0.0.1", ((InetSocketAddress) listener.getLocalAddress()).getPort())) {
                    client.setSoTimeout(5_000);
                    SocketChannel accepted = listener.accept();
                    accepted.configureBlocking(false);
                    SocketAddress remote = accepted.getRemoteAddress();
                    CompletableFuture<Void> closed = broadcast.admit(accepted, remote, FIRST, () -> departed.add(remote))
                            .toCompletableFuture();

                    closed.get(5, TimeUnit.SECONDS);
                    BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                    assertThat(in.readLine()).as("client %d's first line", i).isEqualTo("00:00:01");
                    assertThat(in.read()).as("the end of the stream after the first line").isEqualTo(-1);
                    assertThat(accepted.isOpen()).isFalse();
                    assertThat(departed).hasSize(i + 1).last().isEqualTo(client.getLocalSocketAddress());
                    assertThat(broadcast.count()).isZero();
                }
            }
        }
    }

    @Test
    void aClientThatLeavesIsClosedOnceAndItsWaiterReleased() throws Exception {
        List<SocketAddress> departed = new CopyOnWriteArrayList<>();
        try (Broadcast broadcast = new Broadcast("stream", TickEncoding.LINE, 1, Duration.ofSeconds(10), new ServerStats());
             ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            broadcast.start();
            CompletableFuture<Void> closed;
            try (Socket client = new Socket("127.0.0.1", ((InetSocketAddress) listener.getLocalAddress()).getPort())) {
                client.setSoTimeout(5_000);
                SocketChannel accepted = listener.accept();
                accepted.configureBlocking(false);
                SocketAddress remote = accepted.getRemoteAddress();
                closed = broadcast.admit(accepted, remote, FIRST, () -> departed.add(remote)).toCompletableFuture();
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("00:00:01");
                assertThat(closed).as("served until it leaves").isNotDone();
                assertThat(broadcast.count()).isEqualTo(1);
            }
            closed.get(5, TimeUnit.SECONDS);
            assertThat(departed).hasSize(1);
            assertThat(broadcast.count()).isZero();
        }
    }

    @Test
    void everyShardsClientsGetEachTickWhateverShardsAreEmpty() throws Exception {
        // Three shards: the ticker's thread writes the first, workers the others, and only those with clients.
        Tick second = Tick.of(2, 2, Instant.EPOCH.plusSeconds(1), "00:00:02\n");
        Tick third = Tick.of(3, 3, Instant.EPOCH.plusSeconds(2), "00:00:03\n");
        try (Broadcast broadcast = new Broadcast("stream", TickEncoding.LINE, 3, Duration.ofSeconds(10), new ServerStats());
             ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            broadcast.start();
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            List<BufferedReader> readers = new ArrayList<>();
            List<Socket> sockets = new ArrayList<>();
            try {
                // The first client admitted is in the second shard: the first and the third are empty.
                sockets.add(admit(broadcast, listener, port, readers));
                broadcast.onTick(second);
                assertThat(readers.get(0).readLine()).isEqualTo("00:00:01");
                assertThat(readers.get(0).readLine()).as("alone in the second shard").isEqualTo("00:00:02");
                // Two more: one in each shard.
                sockets.add(admit(broadcast, listener, port, readers));
                sockets.add(admit(broadcast, listener, port, readers));
                broadcast.onTick(third);
                for (int i = 0; i < readers.size(); i++) {
                    if (i > 0) {
                        assertThat(readers.get(i).readLine()).isEqualTo("00:00:01");
                    }
                    assertThat(readers.get(i).readLine()).as("client %d", i).isEqualTo("00:00:03");
                }
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    private static Socket admit(Broadcast broadcast, ServerSocketChannel listener, int port, List<BufferedReader> readers)
            throws IOException {
        Socket client = new Socket("127.0.0.1", port);
        client.setSoTimeout(5_000);
        SocketChannel accepted = listener.accept();
        accepted.configureBlocking(false);
        broadcast.admit(accepted, accepted.getRemoteAddress(), FIRST, () -> { });
        readers.add(new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII)));
        return client;
    }
}
