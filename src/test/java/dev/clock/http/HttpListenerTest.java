package dev.clock.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.access.AccessPolicy;
import dev.clock.tcp.ClientPlaces;
import dev.clock.tcp.TcpListener;
import dev.clock.testing.AccessRules;
import dev.clock.testing.Await;
import dev.clock.testing.ThreadDump;
import dev.clock.tick.TickFormat;
import dev.clock.tick.Ticker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP listener in-process: its event streams, and the places its connections hold. */
@Timeout(30)
class HttpListenerTest {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    /**
     * The address this test's clients connect from, and the only one its listener lets in: a
     * client of another test still retrying a port of its own that this listener was given
     * connects from 127.0.0.1, and is turned away without a place.
     */
    private static final String SOURCE = "127.0.0.9";

    private Ticker ticker;
    private ClientPlaces places;
    private TcpListener listener;

    @BeforeEach
    void start() throws IOException {
        TickFormat lines = TickFormat.of("HH:mm:ss.SSS", ZoneOffset.UTC);
        ticker = new Ticker(lines, INTERVAL).start();
        places = new ClientPlaces(100);
        listener = HttpListener.bind(HttpSettings.at(new InetSocketAddress("127.0.0.1", 0), Duration.ofSeconds(10), 2),
                ClockWeb.site(ticker, lines), places, new AccessPolicy(AccessRules.onlyFrom(SOURCE)));
        listener.start();
    }

    @AfterEach
    void stop() {
        listener.close();
        ticker.close();
    }

    @Test
    void anEventStreamHoldsNoThreadAndGivesItsPlaceBackWhenItEnds() throws Exception {
        // A thread parked per stream until it ended cost each stream a thread's stack and frames.
        int crowd = 20;
        List<EventClient> streams = new ArrayList<>();
        try {
            for (int i = 0; i < crowd; i++) {
                streams.add(new EventClient(listener.address().getPort()));
            }
            for (EventClient stream : streams) {
                assertThat(stream.nextData()).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
            }
            assertThat(places.taken()).isEqualTo(crowd);
            assertThat(listener.connected()).isEqualTo(crowd);
            // Each connection's thread returns once it has handed its stream over.
            Await.until(() -> ThreadDump.threadsIn(HttpConnection.class.getName()) == 0, Duration.ofSeconds(5));
            for (EventClient stream : streams) {
                assertThat(stream.nextData()).as("an event after the first").matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
            }
        } finally {
            for (EventClient stream : streams) {
                stream.close();
            }
        }
        Await.until(() -> places.taken() == 0 && listener.connected() == 0, Duration.ofSeconds(5));
    }

    @Test
    void aFullServersLastPlaceIsFreeTheMomentItsStreamLeaves() throws Exception {
        // One place: each newcomer comes right after the last stream left, its end perhaps not yet seen.
        ClientPlaces one = new ClientPlaces(1);
        try (TcpListener small = HttpListener.bind(HttpSettings.at(new InetSocketAddress("127.0.0.1", 0), Duration.ofSeconds(10), 2),
                ClockWeb.site(ticker, TickFormat.of("HH:mm:ss.SSS", ZoneOffset.UTC)), one, new AccessPolicy(AccessRules.onlyFrom(SOURCE)))) {
            small.start();
            for (int i = 0; i < 20; i++) {
                try (EventClient stream = new EventClient(small.address().getPort())) {
                    assertThat(stream.nextData()).as("stream %d", i).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
                }
            }
        }
        assertThat(one.taken()).isZero();
    }

    @Test
    void aStopEndsEveryEventStreamAndGivesEveryPlaceBack() throws Exception {
        try (EventClient a = new EventClient(listener.address().getPort());
             EventClient b = new EventClient(listener.address().getPort())) {
            a.nextData();
            b.nextData();
            listener.close();
            assertThat(a.rest()).doesNotContain("HTTP/1.1");
            assertThat(b.rest()).doesNotContain("HTTP/1.1");
            Await.until(() -> places.taken() == 0, Duration.ofSeconds(5));
        }
    }

    @Test
    void aPageIsAnsweredAndItsConnectionClosedAndGivenBack() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.address().getPort(), InetAddress.getByName(SOURCE), 0)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET /now HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200 ").contains("\"epochMillis\": ");
        }
        Await.until(() -> places.taken() == 0 && listener.connected() == 0, Duration.ofSeconds(5));
    }

    @Test
    void aClientOverTheConnectRateIsAnsweredWith503AndRetryAfterNotAReset() throws Exception {
        // One new connection a second from SOURCE, a burst of one: the second at once is over it.
        AccessPolicy.Rules rules = AccessRules.onlyFrom(SOURCE);
        AccessPolicy limited = new AccessPolicy(new AccessPolicy.Rules(rules.allow(), rules.deny(), rules.maxPerSource(), 1, 1,
                rules.datagramsPerSecond(), rules.datagramBurst()));
        try (TcpListener small = HttpListener.bind(HttpSettings.at(new InetSocketAddress("127.0.0.1", 0), Duration.ofSeconds(10), 2),
                ClockWeb.site(ticker, TickFormat.of("HH:mm:ss.SSS", ZoneOffset.UTC)), places, limited);
             Socket first = new Socket(InetAddress.getLoopbackAddress(), small.address().getPort(), InetAddress.getByName(SOURCE), 0)) {
            small.start();
            try (Socket second = new Socket(InetAddress.getLoopbackAddress(), small.address().getPort(), InetAddress.getByName(SOURCE), 0)) {
                second.setSoTimeout(5_000);
                second.getOutputStream().write("GET /now HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String response = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response).startsWith("HTTP/1.1 503 ").contains("\r\nRetry-After: 1\r\n")
                        .contains("too many new connections from your address");
            }
            assertThat(small.stats().refusedCount(dev.clock.net.Refusal.RATE_LIMITED)).isEqualTo(1);
        }
    }

    /** A client of {@code /events} from {@link #SOURCE}, reading its events' data. */
    private static final class EventClient implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;

        EventClient(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(SOURCE), 0);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        /** The next event's data, skipping the head and the other fields. */
        String nextData() throws IOException {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("data: ")) {
                    return line.substring("data: ".length());
                }
            }
            throw new AssertionError("the stream ended before an event");
        }

        /** What comes until the end of the stream, which must come within the read timeout. */
        String rest() throws IOException {
            StringBuilder rest = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                rest.append(line).append('\n');
            }
            return rest.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
