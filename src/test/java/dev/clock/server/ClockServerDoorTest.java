package dev.clock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clock.access.AccessPolicy;
import dev.clock.tcp.TcpListener;
import dev.clock.tick.Tick;
import dev.clock.tick.TickListener;
import dev.clock.tick.TickSource;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What the stream says of itself, and what it subscribes to, with a tick source of the test's own. */
class ClockServerDoorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    /** Records who listens: the stream must stop listening when it stops. */
    private static final class Source implements TickSource {
        final List<TickListener> listeners = new CopyOnWriteArrayList<>();

        @Override
        public Tick current() {
            return Tick.of(1, 1, Instant.EPOCH, "00:00:00\n");
        }

        @Override
        public void subscribe(TickListener listener) {
            listeners.add(listener);
        }

        @Override
        public void unsubscribe(TickListener listener) {
            listeners.remove(listener);
        }
    }

    private static TcpListener bind(ServerConfig config, TickSource ticks) throws Exception {
        return ClockServer.bind(new InetSocketAddress("127.0.0.1", 0), config, new AccessPolicy(AccessPolicy.Rules.open()), ticks);
    }

    @Test
    void itSaysHowItServesAndThatItFansTicksOut() throws Exception {
        Source ticks = new Source();
        try (TcpListener concurrent = bind(new ServerConfig(false, 7, TIMEOUT, 1), ticks);
             TcpListener sequential = bind(new ServerConfig(true, 1, TIMEOUT, 1), ticks)) {
            assertThat(concurrent.description()).isEqualTo("concurrent, max 7 clients");
            assertThat(sequential.description()).isEqualTo("sequential");
            assertThat(concurrent.counts().ticks()).isTrue();
            assertThat(concurrent.protocol()).isEqualTo("stream");
        }
    }

    @Test
    void itListensToItsTicksFromItsStartUntilItStops() throws Exception {
        Source ticks = new Source();
        TcpListener server = bind(new ServerConfig(false, 10, TIMEOUT, 1), ticks);
        try {
            assertThat(ticks.listeners).isEmpty();
            server.start();
            assertThat(ticks.listeners).hasSize(1);
        } finally {
            server.close();
        }
        assertThat(ticks.listeners).isEmpty();
    }

    @Test
    void aConfigNeedsAtLeastOneClientOneThreadAndATimeout() {
        assertThat(new ServerConfig(false, 1, Duration.ofNanos(1), 1).maxClients()).isEqualTo(1);
        assertThatThrownBy(() -> new ServerConfig(false, 0, TIMEOUT, 1)).hasMessageContaining("maxClients must be at least 1");
        assertThatThrownBy(() -> new ServerConfig(false, 1, TIMEOUT, 0)).hasMessageContaining("fanOutThreads must be at least 1");
        assertThatThrownBy(() -> new ServerConfig(false, 1, Duration.ZERO, 1)).hasMessageContaining("writeTimeout must be positive");
        assertThatThrownBy(() -> new ServerConfig(false, 1, Duration.ofSeconds(-1), 1)).hasMessageContaining("writeTimeout must be positive");
        assertThatThrownBy(() -> new ServerConfig(false, 1, null, 1)).isInstanceOf(NullPointerException.class);
    }
}
