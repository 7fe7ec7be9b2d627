package dev.clock.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AcceptorTest {
    @Test
    void handsEachConnectionOnCountsItAndEndsWhenTheListenerCloses() throws Exception {
        ServerSocketChannel listener = Sockets.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Sockets.Options.receiveBuffer(0));
        ServerStats stats = new ServerStats();
        BlockingQueue<SocketChannel> admitted = new LinkedBlockingQueue<>();
        Thread loop = Thread.ofVirtual().start(() -> new Acceptor(listener, stats, "test").run(admitted::add));
        try (SocketChannel a = SocketChannel.open(listener.getLocalAddress());
             SocketChannel b = SocketChannel.open(listener.getLocalAddress())) {
            SocketChannel first = admitted.poll(5, TimeUnit.SECONDS);
            SocketChannel second = admitted.poll(5, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(second).isNotNull();
            assertThat(first.getRemoteAddress()).isEqualTo(a.getLocalAddress());
            assertThat(second.getRemoteAddress()).isEqualTo(b.getLocalAddress());
            assertThat(stats.acceptedCount()).isEqualTo(2);
            first.close();
            second.close();
        } finally {
            listener.close();
        }
        assertThat(loop.join(java.time.Duration.ofSeconds(5))).isTrue();
        assertThat(stats.acceptFailureCount()).isZero();
    }
}
