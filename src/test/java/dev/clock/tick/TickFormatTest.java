package dev.clock.tick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TickFormatTest {
    private static final Instant NOON_UTC = Instant.parse("2026-07-01T12:00:05Z");

    @Test
    void theDefaultIsTheBooksLayout() {
        assertThat(TickFormat.of(TickFormat.DEFAULT_PATTERN, ZoneOffset.UTC).line(NOON_UTC)).isEqualTo("12:00:05\n");
    }

    @Test
    void showsTheTimeInItsZoneIncludingHalfHourOffsetsAndSummerTime() {
        assertThat(TickFormat.of("HH:mm:ss", ZoneId.of("Asia/Kolkata")).line(NOON_UTC)).isEqualTo("17:30:05\n");
        assertThat(TickFormat.of("HH:mm:ss", ZoneId.of("+05:30")).line(NOON_UTC)).isEqualTo("17:30:05\n");
        assertThat(TickFormat.of("HH:mm:ss", ZoneId.of("US/Eastern")).line(NOON_UTC)).isEqualTo("08:00:05\n");
        assertThat(TickFormat.of("HH:mm:ss", ZoneId.of("US/Eastern")).line(Instant.parse("2026-01-01T12:00:05Z"))).isEqualTo("07:00:05\n");
    }

    @Test
    void rejectsPatternsThatDoNotParseOrCannotBeFormatted() {
        assertThatThrownBy(() -> TickFormat.of("HH:mm:ss {", ZoneOffset.UTC)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TickFormat.of("qqqqqq", ZoneOffset.UTC)).isInstanceOf(IllegalArgumentException.class);
    }
}
