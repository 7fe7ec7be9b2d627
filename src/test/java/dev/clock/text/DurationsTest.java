package dev.clock.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parsesWhatPeopleWrite() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("100us")).isEqualTo(Duration.ofNanos(100_000));
        assertThat(Durations.parse("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("1m0.5s")).isEqualTo(Duration.ofMillis(60_500));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
        // Decimals that come to a whole number of nanoseconds once their trailing zeros go.
        assertThat(Durations.parse("1.0ns")).isEqualTo(Duration.ofNanos(1));
        assertThat(Durations.parse("0.001us")).isEqualTo(Duration.ofNanos(1));
    }

    @Test
    void rejectsANegativeDurationSayingSo() {
        for (String bad : new String[] {"PT-1S", "-PT1S"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> Durations.parse("PT-1S")).hasMessageContaining("negative");
    }

    @Test
    void rejectsTheRestWithAnExample() {
        for (String bad : new String[] {"", "1", "s", "1 sec", "-1s", "1.s", "0.5ns", "1s1", "99999999999999999999s", "999999999999999999d"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("e.g. 250ms, 1s");
        }
    }

    @Test
    void formatsTheShortestExactForm() {
        assertThat(Durations.format(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofMinutes(120))).isEqualTo("2h");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofNanos(1_000_001))).isEqualTo("1000001ns");
    }

    @Test
    void aDurationTooLongForNanosecondsIsWrittenInIsoFormThatParsesBack() {
        Duration centuries = Duration.ofDays(365L * 300); // more than the 292 years a long holds in nanoseconds

        assertThat(Durations.format(centuries)).isEqualTo("PT2628000H");
        assertThat(Durations.parse(Durations.format(centuries))).isEqualTo(centuries);
    }
}
