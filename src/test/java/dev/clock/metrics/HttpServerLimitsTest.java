package dev.clock.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpServerLimitsTest {
    private static final Duration S = Duration.ofSeconds(1);

    @Test
    void theBoundsAreTheJdksPropertiesInItsUnits() {
        assertThat(HttpServerLimits.OPERATORS.properties()).containsExactly(
                entry("jdk.httpserver.maxConnections", "32"),
                entry("sun.net.httpserver.maxReqTime", "5"),
                entry("sun.net.httpserver.maxRspTime", "10"),
                entry("sun.net.httpserver.idleInterval", "5"),
                entry("sun.net.httpserver.clockTick", "1000"),
                entry("sun.net.httpserver.timerMillis", "1000"),
                entry("sun.net.httpserver.maxIdleConnections", "8"),
                entry("sun.net.httpserver.maxReqHeaders", "32"),
                entry("sun.net.httpserver.maxReqHeaderSize", "16384"));
    }

    @Test
    void timeoutsAreWholeSecondsAsTheJdkCountsThem() {
        assertThatThrownBy(() -> new HttpServerLimits(1, Duration.ofMillis(1500), S, S, S, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requestTimeout must be a whole number of seconds, at least 1s, not PT1.5S");
        assertThatThrownBy(() -> new HttpServerLimits(1, S, Duration.ZERO, S, S, 1, 1, 1))
                .hasMessage("responseTimeout must be a whole number of seconds, at least 1s, not PT0S");
    }

    @Test
    void countsArePositiveBecauseTheJdkTakesZeroForUnbounded() {
        assertThatThrownBy(() -> new HttpServerLimits(0, S, S, S, S, 1, 1, 1))
                .hasMessage("maxConnections must be at least 1, not 0");
        assertThatThrownBy(() -> new HttpServerLimits(1, S, S, S, S, 1, 1, 0))
                .hasMessage("maxHeaderBytes must be at least 1, not 0");
    }
}
