package dev.clock.wall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class WallFeedTest {
    @Test
    void eachClockCarriesItsTimeOfDayDateAndZoneOnceItHasATime() {
        ClockState tokyo = ClockState.connecting("Tokyo")
                .up("2026-12-08 07:56:01 +09:00", new CardCalendar("07:56:01", LocalDate.of(2026, 12, 8), "UTC+09:00"));
        assertThat(WallFeed.json(List.of(tokyo, ClockState.connecting("Lima")))).isEqualTo("{\"clocks\": ["
                + "{\"name\": \"Tokyo\", \"status\": \"up\", \"time\": \"2026-12-08 07:56:01 +09:00\", \"timeOfDay\": \"07:56:01\", "
                + "\"date\": \"2026-12-08\", \"zone\": \"UTC+09:00\", \"text\": \"\"}, "
                + "{\"name\": \"Lima\", \"status\": \"connecting\", \"time\": null, \"timeOfDay\": null, \"date\": null, \"zone\": null, "
                + "\"text\": \"connecting\"}]}");
        assertThat(tokyo.down("connection refused").calendar()).as("a clock that went down keeps its last date")
                .isEqualTo(tokyo.calendar());
    }
}
