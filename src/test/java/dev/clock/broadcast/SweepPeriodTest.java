package dev.clock.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How often stalled clients are looked for: a tenth of the write timeout, kept between 50 ms and 1 s. */
class SweepPeriodTest {
    @Test
    void aTenthOfTheWriteTimeoutWithinItsBounds() {
        assertThat(Broadcast.sweepPeriod(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(200));
        assertThat(Broadcast.sweepPeriod(Duration.ofMillis(500))).as("exactly the least").isEqualTo(Duration.ofMillis(50));
        assertThat(Broadcast.sweepPeriod(Duration.ofMillis(499))).isEqualTo(Duration.ofMillis(50));
        assertThat(Broadcast.sweepPeriod(Duration.ofMillis(1))).as("a tiny timeout must not spin").isEqualTo(Duration.ofMillis(50));
        assertThat(Broadcast.sweepPeriod(Duration.ofSeconds(10))).as("exactly the most").isEqualTo(Duration.ofSeconds(1));
        assertThat(Broadcast.sweepPeriod(Duration.ofSeconds(11))).isEqualTo(Duration.ofSeconds(1));
        assertThat(Broadcast.sweepPeriod(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(1));
    }
}
