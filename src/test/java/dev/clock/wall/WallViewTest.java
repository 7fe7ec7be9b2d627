package dev.clock.wall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wall rendered into a fixed-size screen, asserted line by line. */
class WallViewTest {
    private static ClockState up(String name, String time) {
        return new ClockState(name, ClockState.Status.UP, time, null);
    }

    @Test
    void alignsNamesTimesAndStatuses() {
        List<ClockState> clocks = List.of(up("NewYork", "07:00:01"), up("London", "12:00:01"),
                new ClockState("Tokyo", ClockState.Status.DOWN, "21:00:00", "connection refused"),
                ClockState.connecting("Sydney", null),
                new ClockState("Kolkata", ClockState.Status.STALE, "17:30:01", null));

        assertThat(WallView.table(clocks, 80)).containsExactly(
                "CLOCK    TIME      STATUS",
                "NewYork  07:00:01",
                "London   12:00:01",
                "Tokyo    21:00:00  down (connection refused)",
                "Sydney   --:--:--  connecting",
                "Kolkata  17:30:01  stale");
    }

    @Test
    void cutsLongNamesAndRowsToTheScreen() {
        List<ClockState> clocks = List.of(up("The clock in the far corner of the third floor", "07:00:01"), up("Here", "07:00:01"));

        List<String> screen = WallView.table(clocks, 30);

        assertThat(screen).containsExactly(
                "CLOCK                     TIM…",
                "The clock in the far co…  07:…",
                "Here                      07:…");
        assertThat(screen).allMatch(row -> row.length() <= 30);
        assertThat(WallView.table(clocks, 80).get(1)).isEqualTo("The clock in the far co…  07:00:01");
    }

    @Test
    void holdsManyClocksOneRowEach() {
        List<ClockState> clocks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            clocks.add(up("c" + i, String.format("%02d:00:00", i % 24)));
        }
        List<String> screen = WallView.table(clocks, 80);

        assertThat(screen).hasSize(101);
        assertThat(screen.get(100)).isEqualTo("c99    03:00:00");
        assertThat(screen.get(0).indexOf("TIME")).isEqualTo(7);
        assertThat(screen.subList(1, 101)).allMatch(row -> row.indexOf(':') == 9, "times aligned at column 7");
    }

    @Test
    void plainLinesAndSnapshotsForScripts() {
        List<ClockState> clocks = List.of(up("NewYork", "07:00:01"), up("London", "12:00:01"),
                new ClockState("Tokyo", ClockState.Status.DOWN, null, "connection refused"));

        assertThat(WallView.plainLine(clocks)).isEqualTo("NewYork 07:00:01  London 12:00:01  Tokyo down (connection refused)");
        assertThat(WallView.snapshot(clocks)).containsExactly(
                "NewYork  07:00:01",
                "London   12:00:01",
                "Tokyo    down (connection refused)");
    }

    @Test
    void parsesClockSpecs() {
        assertThat(ClockSpec.parse("New York=localhost:8010")).isEqualTo(new ClockSpec("New York", new dev.clock.net.HostPort("localhost", 8010)));
        assertThat(ClockSpec.parse("Here=[::1]:8000").server().host()).isEqualTo("::1");
        for (String bad : new String[] {"NewYork", "=localhost:8010", "NewYork=localhost", "NewYork=localhost:99999"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClockSpec.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
