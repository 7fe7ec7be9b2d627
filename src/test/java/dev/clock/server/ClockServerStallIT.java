package dev.clock.server;

import static dev.clock.server.ClockServerTest.assertConsecutive;
import static dev.clock.server.ClockServerTest.readTimed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.Await;
import dev.clock.testing.LineClient;
import dev.clock.testing.LineClient.Timed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stream server's clients that stop reading, in-process: these wait out write timeouts and
 * fill buffers with long lines for seconds, so they run with the integration tests, not the unit suite.
 */
@Timeout(60)
class ClockServerStallIT {

    @Test
    void aReaderThatPausesLongerThanATickGetsEveryLineWholeAfterwards() throws Exception {
        // Lines of 20 KB every 25 ms: a reader that pauses fills the buffers within a few ticks, so
        // a line is cut, and its remainder must go out, every byte, before anything else.
        String pattern = "HH:mm:ss.SSS '" + "x".repeat(20_000) + "'";
        try (RunningServer s = RunningServer.start(Duration.ofMillis(25), pattern, false, Duration.ofSeconds(30));
             Socket socket = smallWindow(s.port())) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            // Not reading until the only client has missed ticks: a line is cut, its remainder waiting.
            Await.until(() -> s.server.stats().tickCount() - s.server.stats().lineCount() >= 5, Duration.ofSeconds(10));

            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                lines.add(reader.readLine());
            }
            for (int i = 0; i < lines.size(); i++) {
                assertThat(lines.get(i)).as("line %d, whole", i).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} x{20000}");
            }
            for (int i = 1; i < lines.size(); i++) {
                LocalTime before = LocalTime.parse(lines.get(i - 1).substring(0, 12));
                LocalTime now = LocalTime.parse(lines.get(i).substring(0, 12));
                assertThat(now).as("line %d after line %d", i, i - 1).isAfter(before);
            }
            assertThat(s.server.stats().droppedStalledCount()).isZero();
        }
    }

    @Test
    void aClientThatNeverReadsDelaysNobodyAndIsDroppedAfterTheWriteTimeout() throws Exception {
        // 32 KB lines every 50 ms fill a non-reader's buffers within a few seconds.
        String pattern = "HH:mm:ss.SSS '" + "x".repeat(32_000) + "'";
        Duration interval = Duration.ofMillis(50);
        try (RunningServer s = RunningServer.start(interval, pattern, false, Duration.ofMillis(300));
             Socket stalled = smallWindow(s.port());
             LineClient reader = new LineClient(s.port())) {
            reader.readLine();

            List<Timed> lines = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (s.server.stats().droppedStalledCount() == 0 && System.nanoTime() < deadline) {
                lines.add(reader.readTimed());
            }
            lines.addAll(readTimed(reader, 20)); // and after the drop, still every tick

            assertThat(s.server.stats().droppedStalledCount()).as("the non-reader was dropped").isEqualTo(1);
            assertThat(s.server.connected()).isEqualTo(1);
            assertConsecutive(lines, interval);
        }
    }

    @Test
    void aClientThatStallsAgainAfterCatchingUpIsDroppedTheSecondTime() throws Exception {
        // The sweep waits while no client has a line waiting: a second stall must wake it as the first did.
        String pattern = "HH:mm:ss.SSS '" + "x".repeat(32_000) + "'";
        try (RunningServer s = RunningServer.start(Duration.ofMillis(50), pattern, false, Duration.ofSeconds(1));
             Socket socket = smallWindow(s.port())) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            // A pause well under the write timeout: a line is cut and its remainder waits, briefly.
            Await.until(() -> s.server.stats().tickCount() - s.server.stats().lineCount() >= 2, Duration.ofSeconds(10));
            for (int i = 0; i < 20; i++) {
                assertThat(reader.readLine()).as("line %d after the pause", i).endsWith("x");
            }
            assertThat(s.server.stats().droppedStalledCount()).as("dropped for a short pause").isZero();

            // Then it stops reading for good.
            Await.until(() -> s.server.stats().droppedStalledCount() == 1, Duration.ofSeconds(15));
            assertThat(s.server.connected()).isZero();
        }
    }

    /** A client whose receive window is a few kilobytes, so that a pause in reading soon cuts a line. */
    private static Socket smallWindow(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(5_000);
        return socket;
    }
}
