package dev.clock.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the accept loop meets failures, with a listening socket that fails on the test's script. */
@Timeout(10)
class AcceptFailureTest {
    /** Each accept takes the next step: an exception to throw, or a connection to return. */
    private static final class Scripted extends ServerSocketChannel {
        final Deque<Object> steps = new ArrayDeque<>();

        Scripted(Object... steps) {
            super(SelectorProvider.provider());
            this.steps.addAll(List.of(steps));
        }

        @Override
        public SocketChannel accept() throws IOException {
            Object step = steps.poll();
            if (step == null) {
                close();
                throw new java.nio.channels.ClosedChannelException();
            }
            if (step instanceof Runnable r) {
                r.run();
                throw new IOException("Too many open files");
            }
            if (step instanceof IOException e) {
                throw e;
            }
            return (SocketChannel) step;
        }

        @Override public ServerSocketChannel bind(SocketAddress local, int backlog) { return this; }
        @Override public <T> ServerSocketChannel setOption(SocketOption<T> name, T value) { return this; }
        @Override public <T> T getOption(SocketOption<T> name) { return null; }
        @Override public Set<SocketOption<?>> supportedOptions() { return Set.of(); }
        @Override public ServerSocket socket() { throw new UnsupportedOperationException(); }
        @Override public SocketAddress getLocalAddress() { return null; }
        @Override protected void implCloseSelectableChannel() { }
        @Override protected void implConfigureBlocking(boolean block) { }
    }

    private static List<SocketChannel> run(Scripted listener, ServerStats stats) {
        List<SocketChannel> admitted = new ArrayList<>();
        new Acceptor(listener, stats, "test").run(admitted::add);
        return admitted;
    }

    @Test
    void aTransientFailureIsCountedBackedOffAndRetried() throws Exception {
        try (SocketChannel connection = SocketChannel.open()) {
            Scripted listener = new Scripted(new IOException("Too many open files"), new IOException("No buffer space available"),
                    connection);
            ServerStats stats = new ServerStats();
            long start = System.nanoTime();
            List<SocketChannel> admitted = run(listener, stats);
            // 5 ms, then 10 ms: a loop out of descriptors waits rather than spins.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(15));
            assertThat(admitted).containsExactly(connection);
            assertThat(stats.acceptFailureCount()).isEqualTo(2);
            assertThat(stats.acceptedCount()).isEqualTo(1);
        }
    }

    @Test
    void anyOtherFailureEndsTheLoopAtOnce() throws Exception {
        try (SocketChannel connection = SocketChannel.open()) {
            Scripted listener = new Scripted(new IOException("Bad file descriptor"), connection);
            ServerStats stats = new ServerStats();
            assertThat(run(listener, stats)).isEmpty();
            assertThat(stats.acceptFailureCount()).isZero();
            assertThat(listener.steps).containsExactly(connection);
        }
    }

    @Test
    void aFailureOfAListenerClosedMeanwhileEndsTheLoopUncounted() throws Exception {
        try (SocketChannel connection = SocketChannel.open()) {
            Scripted[] listener = new Scripted[1];
            listener[0] = new Scripted((Runnable) () -> {
                try {
                    listener[0].close();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }, connection);
            ServerStats stats = new ServerStats();
            assertThat(run(listener[0], stats)).isEmpty();
            assertThat(stats.acceptFailureCount()).isZero();
        }
    }

    @Test
    void anInterruptWhileBackingOffEndsTheLoop() throws Exception {
        try (SocketChannel connection = SocketChannel.open()) {
            Scripted listener = new Scripted(new IOException("Too many open files"), connection);
            ServerStats stats = new ServerStats();
            Thread.currentThread().interrupt();
            try {
                assertThat(run(listener, stats)).isEmpty();
            } finally {
                Thread.interrupted();
            }
            assertThat(stats.acceptFailureCount()).isEqualTo(1);
        }
    }

    @Test
    void aListenerThatSaysNothingOfItselfHoldsNoneNeverEndsAndExportsEverySeries() {
        Listener quiet = new Listener() {
            @Override public String protocol() { return "quiet"; }
            @Override public java.net.InetSocketAddress address() { return null; }
            @Override public String description() { return "quiet"; }
            @Override public ServerStats stats() { return new ServerStats(); }
            @Override public void start() { }
            @Override public void close() { }
        };
        assertThat(quiet.connected()).isZero();
        assertThat(quiet.counts()).isSameAs(Counts.ALL);
        assertThat(quiet.ended()).isNotNull();
        assertThat(quiet.ended().toCompletableFuture()).isNotDone();
    }
}
