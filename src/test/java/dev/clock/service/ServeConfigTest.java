package dev.clock.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ServeConfigTest {
    @Test
    void theDefaultsAreTheBooksClock() {
        ServeConfig c = ServeConfig.builder().zone(ZoneId.of("UTC")).build();
        assertThat(c.bind()).isEqualTo("localhost");
        assertThat(c.streamPort()).isEqualTo(OptionalInt.of(8000));
        assertThat(c.lines().pattern()).isEqualTo("HH:mm:ss");
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.fanOutThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.maxClients()).isPositive();
        assertThat(c.daytimeFormat()).isEqualTo("rfc867");
        assertThat(c.drain()).isZero();
        assertThat(c.ports()).containsExactly(java.util.Map.entry("--port", 8000));
    }

    @Test
    void zeroPortsMayRepeatOthersMayNot() {
        assertThat(ServeConfig.builder().port(0).daytime(0).time(0).metrics(0).build().ports()).hasSize(4);
        assertThatThrownBy(() -> ServeConfig.builder().port(0).daytime(1313).metrics(1313).build())
                .isInstanceOf(ConfigException.class).hasMessage("--daytime and --metrics both ask for port 1313: give each service a port of its own");
    }

    @Test
    void withoutTheStreamItsPortIsNoConflict() {
        assertThat(ServeConfig.builder().stream(false).daytime(8000).build().ports()).containsOnlyKeys("--daytime");
    }

    @Test
    void goLayoutsAreTranslated() {
        assertThat(GoLayout.translate("15:04:05")).contains("HH:mm:ss");
        assertThat(GoLayout.translate("2006-01-02 15:04:05.000 -0700")).contains("yyyy-MM-dd HH:mm:ss.SSS xx");
        assertThat(GoLayout.translate("Mon Jan 2 15:04:05 MST 2006")).contains("EEE MMM d HH:mm:ss zzz yyyy");
        assertThat(GoLayout.translate("HH:mm:ss")).isEmpty();
        assertThat(GoLayout.translate("yyyy-MM-dd")).isEmpty();
        assertThat(GoLayout.translate("'at' 15")).isEmpty();
    }
}
