package dev.clock.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.net.Refusal;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

class RefusalLogTest {
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    private final List<String> lines = new ArrayList<>();
    private long now = -5 * MINUTE; // nanoTime may be negative
    private final RefusalLog log = new RefusalLog(new Recorder(lines), () -> now, 1_000);

    private static byte[] source(int i) {
        return new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
    }

    @Test
    void aFloodFromEverChangingSourcesGetsTwentyLinesThenOneSummaryAMinute() throws Exception {
        int written = 0;
        for (int i = 0; i < 5_000; i++) {
            if (log.refused(source(i), i % 5 == 0 ? Refusal.RATE_LIMITED : Refusal.DENIED)) {
                written++;
            }
        }
        assertThat(written).isEqualTo(RefusalLog.LINES_PER_MINUTE);
        assertThat(lines).as("the summary waits for the minute's end").isEmpty();

        now += MINUTE - 1;
        assertThat(log.refused(source(0), Refusal.DENIED)).as("still the same minute").isFalse();
        assertThat(lines).isEmpty();

        now += 1;
        assertThat(log.refused(source(0), Refusal.DENIED)).as("a new minute, a new line").isTrue();
        assertThat(lines).containsExactly("refused 5001 requests from more than 1000 sources in the last minute, by reason: "
                + "denied 4001, rate_limited 1000 (20 logged: at most one line a minute per source, 20 in all)");
    }

    @Test
    void aSourceGetsOneLineAMinuteAndTheSummaryCountsItOnce() throws Exception {
        assertThat(log.refused(source(1), Refusal.PER_SOURCE)).isTrue();
        assertThat(log.refused(source(1), Refusal.PER_SOURCE)).isFalse();
        assertThat(log.refused(source(2), Refusal.DENIED)).isTrue();
        now += MINUTE / 2;
        assertThat(log.refused(source(1), Refusal.PER_SOURCE)).isFalse();
        now += MINUTE / 2;
        assertThat(log.refused(source(1), Refusal.PER_SOURCE)).isTrue();
        assertThat(lines).containsExactly("refused 4 requests from 2 sources in the last minute, by reason: "
                + "denied 1, per_source 3 (2 logged: at most one line a minute per source, 20 in all)");
    }

    @Test
    void aMinuteWithALineForEveryRefusalNeedsNoSummary() throws Exception {
        for (int i = 0; i < RefusalLog.LINES_PER_MINUTE; i++) {
            assertThat(log.refused(source(i), Refusal.DENIED)).isTrue();
        }
        now += MINUTE;
        assertThat(log.refused(source(0), Refusal.DENIED)).isTrue();
        now += 10 * MINUTE;
        assertThat(log.refused(source(1), Refusal.DENIED)).isTrue();
        assertThat(lines).isEmpty();
    }

    @Test
    void oneSourceIsOneSource() throws Exception {
        log.refused(source(1), Refusal.SOURCE_PORT);
        log.refused(source(1), Refusal.SOURCE_PORT);
        now += MINUTE;
        log.refused(source(1), Refusal.SOURCE_PORT);
        assertThat(lines).containsExactly("refused 2 requests from 1 source in the last minute, by reason: "
                + "source_port 2 (1 logged: at most one line a minute per source, 20 in all)");
    }

    /** A System.Logger that keeps what it is given. */
    private record Recorder(List<String> lines) implements System.Logger {
        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(MessageFormat.format(format, params));
        }
    }

    @Test
    void aTableFullOfSourcesIsStillAnExactCountAndEachMinuteCountsAfresh() throws Exception {
        for (int i = 0; i < 1_000; i++) {
            log.refused(source(i), Refusal.DENIED);
        }
        now += MINUTE;
        log.refused(source(0), Refusal.FULL);
        log.refused(source(0), Refusal.FULL);
        now += MINUTE;
        log.refused(source(0), Refusal.FULL);
        assertThat(lines).containsExactly(
                "refused 1000 requests from 1000 sources in the last minute, by reason: "
                        + "denied 1000 (20 logged: at most one line a minute per source, 20 in all)",
                "refused 2 requests from 1 source in the last minute, by reason: "
                        + "full 2 (1 logged: at most one line a minute per source, 20 in all)");
    }

}
