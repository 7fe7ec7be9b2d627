package dev.clock.wall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One reader against a scripted server on loopback: what the wall makes of what a server sends. */
@Timeout(60)
class ClockReaderTest {
    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final Duration FIRST_RETRY = Duration.ofMillis(10);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private ScriptedServer server;
    private Thread reader;
    private Wall wall;

    @AfterEach
    void stop() throws Exception {
        if (reader != null) {
            reader.interrupt();
            reader.join(5_000);
        }
        if (server != null) {
            server.close();
        }
    }

    private ClockState follow(ScriptedServer.Script script, Predicate<ClockState> until) throws Exception {
        server = new ScriptedServer(script);
        ClockSpec spec = server.clock("S");
        wall = new Wall(List.of(spec));
        reader = Thread.ofVirtual().start(new ClockReader(spec, 0, wall, INTERVAL, InstantSource.system(), FIRST_RETRY));
        return awaitState(until);
    }

    private ClockState awaitState(Predicate<ClockState> until) throws InterruptedException {
        try {
            Await.until(() -> until.test(wall.state(0)), WAIT);
        } catch (AssertionError e) {
            throw new AssertionError("the clock stayed at " + wall.state(0), e);
        }
        return wall.state(0);
    }

    @Test
    void keepsTheStartOfALineAcrossTheStaleTimeout() throws Exception {
        ClockState s = follow((n, out) -> {
            ScriptedServer.send(out, "12:3");
            Thread.sleep(INTERVAL.multipliedBy(6).toMillis()); // well past the two intervals that make it stale
            ScriptedServer.send(out, "4:56\n");
            ScriptedServer.hold();
        }, c -> c.time() != null);

        assertThat(s.time()).isEqualTo("12:34:56");
        assertThat(s.status()).isEqualTo(ClockState.Status.UP);
    }

    @Test
    void aLineWithNoEndIsCutShownAsTooLongAndRetried() throws Exception {
        follow((n, out) -> {
            if (n == 0) {
                byte[] kib = "x".repeat(1024).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 1024; i++) {
                    out.write(kib);
                }
                out.flush();
            } else {
                ScriptedServer.send(out, "12:00:00\n");
            }
            ScriptedServer.hold();
        }, c -> c.status() == ClockState.Status.DOWN);

        assertThat(wall.state(0).statusText()).isEqualTo("down (line too long)");
        ClockState back = awaitState(c -> c.status() == ClockState.Status.UP);
        assertThat(back.time()).isEqualTo("12:00:00");
        assertThat(server.accepted()).isEqualTo(2);
    }

    @Test
    void escapeSequencesAndInvalidTextAreShownHarmlessly() throws Exception {
        ClockState s = follow((n, out) -> {
            ScriptedServer.send(out, "\033[2J\033]0;pwned\007");
            out.write(new byte[] {(byte) 0xff, (byte) 0xc3});
            ScriptedServer.send(out, " 12:00:00\r\n");
            ScriptedServer.hold();
        }, c -> c.time() != null);

        assertThat(s.time()).isEqualTo("\uFFFD[2J\uFFFD]0;pwned\uFFFD\uFFFD\uFFFD 12:00:00");
        assertThat(s.status()).isEqualTo(ClockState.Status.UP);
        assertThat(WallView.table(List.of(s), new TerminalSize(200, 24))).allMatch(row -> row.chars().noneMatch(Character::isISOControl));
    }

    @Test
    void linesThatAreNotTimesAreShownAsSuch() throws Exception {
        for (String line : new String[] {"hello world", "99:99:99", "12:60:00", "24:00:00", "123:45:67"}) {
            ClockState s = follow((n, out) -> {
                ScriptedServer.send(out, line + "\n");
                ScriptedServer.hold();
            }, c -> c.status() != ClockState.Status.CONNECTING);

            assertThat(s.statusText()).as(line).isEqualTo("not a time: \"" + line + "\"");
            assertThat(s.answered()).as(line).isFalse();
            stop();
        }
    }

    @Test
    void timesInOtherFormatsAreTimes() throws Exception {
        for (String line : new String[] {"2026-11-25 15:52:35.123 +05:30", "7:00:01 PM", "Tuesday, November 24, 2026 09:15:02-UTC", "23:59:60"}) {
            ClockState s = follow((n, out) -> {
                ScriptedServer.send(out, line + "\n");
                ScriptedServer.hold();
            }, c -> c.status() != ClockState.Status.CONNECTING);

            assertThat(s.status()).as(line).isEqualTo(ClockState.Status.UP);
            assertThat(s.time()).isEqualTo(line);
            stop();
        }
    }

    @Test
    void aServerThatNeverSpeaksIsStaleWithNoTime() throws Exception {
        ClockState s = follow((n, out) -> ScriptedServer.hold(), c -> c.status() == ClockState.Status.STALE);

        assertThat(s.time()).isNull();
        assertThat(WallView.plainLine(List.of(s))).isEqualTo("S stale");
        assertThat(WallView.snapshot(List.of(s))).containsExactly("S  stale");
    }
}
