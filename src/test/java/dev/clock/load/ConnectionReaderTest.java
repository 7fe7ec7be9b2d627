package dev.clock.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lines a connection's bytes make, fed as receives bring them, each timed by the receive that ended it. */
class ConnectionReaderTest {
    private static final Instant WALL = Instant.parse("2026-01-01T10:00:00Z");
    private static final long BASE = 1_000_000_000_000L;
    private Tally tally;

    @BeforeEach
    void openWindow() {
        tally = new Tally(1_000_000_000L, WALL, BASE);
        tally.openWindow(BASE, Long.MAX_VALUE);
    }

    /** A receive's arrival, {@code readMillis} after 10:00:00 by the generator's clock and {@code kernelMillis} by the kernel's. */
    private static Arrival at(long readMillis, long kernelMillis) {
        long wall = Arrival.epochNanos(WALL);
        return new Arrival(BASE + readMillis * 1_000_000, wall + readMillis * 1_000_000, wall + kernelMillis * 1_000_000);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aLineSplitAcrossTwoReceivesIsTimedByTheOneThatEndedIt() {
        ConnectionReader reader = new ConnectionReader(tally, false);
        reader.feed(bytes("10:00:04\n10:00"), at(4_001, 4_000));
        reader.feed(bytes(":05\n"), at(5_030, 5_020));

        assertThat(tally.lines.sum()).isEqualTo(2);
        assertThat(tally.next.sum()).isEqualTo(1);
        assertThat(tally.lags.max().toMillis()).isEqualTo(30);
        assertThat(tally.kernelLags.max().toMillis()).isEqualTo(20);
        assertThat(tally.readerDelays.max().toMillis()).isEqualTo(10);
    }

    @Test
    void crLfEndsALineAndAnOverlongLineIsMalformed() {
        ConnectionReader reader = new ConnectionReader(tally, false);
        reader.feed(bytes("10:00:04\r\n" + "x".repeat(100) + "\n10:00:05\r\n"), at(5_002, 5_001));

        assertThat(tally.lines.sum()).isEqualTo(3);
        assertThat(tally.malformed.sum()).isEqualTo(1);
        assertThat(tally.next.sum()).isEqualTo(1);
    }

    @Test
    void anEventStreamsDataLinesAreTheClocksAndTheRestIsFraming() {
        ConnectionReader reader = new ConnectionReader(tally, true);
        reader.feed(bytes("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\nretry: 1000\n\nid: 1\ndata: 10:00:04\n\n"),
                at(4_001, 4_000));
        reader.feed(bytes("id: 2\ndata: 10:00:05\n\n"), at(5_007, 5_003));

        assertThat(reader.refused()).isNull();
        assertThat(tally.lines.sum()).isEqualTo(2);
        assertThat(tally.next.sum()).isEqualTo(1);
        assertThat(tally.malformed.sum()).isZero();
        assertThat(tally.kernelLags.max().toMillis()).isEqualTo(3);
    }

    @Test
    void aResponseThatIsNotAnEventStreamIsRefusedAndNothingAfterItIsRead() {
        ConnectionReader reader = new ConnectionReader(tally, true);
        reader.feed(bytes("HTTP/1.1 404 Not Found\r\n\r\ndata: 10:00:04\n"), at(4_001, 4_000));

        assertThat(reader.refused()).isEqualTo("HTTP/1.1 404 Not Found");
        assertThat(tally.lines.sum()).isZero();
    }
}
