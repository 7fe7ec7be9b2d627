package dev.clock.wall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clock.net.HostPort;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wall rendered into a fixed-size screen, asserted line by line. */
class WallViewTest {
    private static final TerminalSize WIDE = new TerminalSize(80, TerminalSize.UNBOUNDED);

    private static ClockState up(String name, String time) {
        return new ClockState(name, ClockState.Status.UP, time, null);
    }

    @Test
    void alignsNamesTimesAndStatuses() {
        List<ClockState> clocks = List.of(up("NewYork", "07:00:01"), up("London", "12:00:01"),
                new ClockState("Tokyo", ClockState.Status.DOWN, "21:00:00", "connection refused"),
                ClockState.connecting("Sydney"),
                new ClockState("Kolkata", ClockState.Status.STALE, "17:30:01", null),
                new ClockState("Evil", ClockState.Status.NOT_A_TIME, null, "hello world"));

        assertThat(WallView.table(clocks, WIDE)).containsExactly(
                "CLOCK    TIME      STATUS",
                "NewYork  07:00:01",
                "London   12:00:01",
                "Tokyo    21:00:00  down (connection refused)",
                "Sydney   --:--:--  connecting",
                "Kolkata  17:30:01  stale",
                "Evil     --:--:--  not a time: \"hello world\"");
    }

    @Test
    void cutsLongNamesAndRowsToTheScreen() {
        List<ClockState> clocks = List.of(up("The clock in the far corner of the third floor", "07:00:01"), up("Here", "07:00:01"));

        List<String> screen = WallView.table(clocks, new TerminalSize(30, 24));

        assertThat(screen).containsExactly(
                "CLOCK                     TIM…",
                "The clock in the far co…  07:…",
                "Here                      07:…");
        assertThat(screen).allMatch(row -> row.length() <= 30);
        assertThat(WallView.table(clocks, WIDE).get(1)).isEqualTo("The clock in the far co…  07:00:01");
    }

    @Test
    void measuresRowsInTerminalColumnsSoWideNamesAlignAndNeverWrap() {
        String montreal = "Montre\u0301al"; // an e and a combining accent: one column
        List<ClockState> clocks = List.of(up("東京", "21:00:01"), up("Zürich", "14:00:01"), up(montreal, "08:00:01"), up("Tokyo", "21:00:01"));

        assertThat(WallView.table(clocks, WIDE)).containsExactly(
                "CLOCK     TIME      STATUS",
                "東京      21:00:01", // two columns a character
                "Zürich    14:00:01",
                montreal + "  08:00:01",
                "Tokyo     21:00:01");
        assertThat(WallView.table(List.of(up("東京東京東京東京", "21:00:01")), new TerminalSize(12, 24)))
                .containsExactly("CLOCK      …", "東京東京東…")
                .allMatch(row -> Columns.width(row) <= 12);
    }

    @Test
    void holdsManyClocksOneRowEachWhenNothingLimitsTheRows() {
        List<ClockState> clocks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            clocks.add(up("c" + i, String.format("%02d:00:00", i % 24)));
        }
        List<String> screen = WallView.table(clocks, WIDE);

        assertThat(screen).hasSize(101);
        assertThat(screen.get(100)).isEqualTo("c99    03:00:00");
        assertThat(screen.get(0).indexOf("TIME")).isEqualTo(7);
        assertThat(screen.subList(1, 101)).allMatch(row -> row.indexOf(':') == 9, "times aligned at column 7");
    }

    @Test
    void aScreenTooShortShowsTheHeaderAndSaysHowManyClocksAreLeftOut() {
        List<ClockState> clocks = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            clocks.add(up(String.format("c%02d", i), "07:00:01"));
        }

        List<String> screen = WallView.table(clocks, new TerminalSize(40, 24));

        assertThat(screen).as("one row left for the cursor, so the table never scrolls").hasSize(23);
        assertThat(screen.get(0)).isEqualTo("CLOCK  TIME      STATUS");
        assertThat(screen.get(21)).isEqualTo("c21    07:00:01");
        assertThat(screen.get(22)).isEqualTo("… 29 more clocks: enlarge the window");
        assertThat(WallView.table(clocks.subList(0, 22), new TerminalSize(40, 24))).as("22 clocks fit exactly").hasSize(23).last().isEqualTo("c22    07:00:01");
        assertThat(WallView.table(clocks.subList(0, 23), new TerminalSize(40, 24))).last().isEqualTo("… 2 more clocks: enlarge the window");
        assertThat(WallView.table(clocks, new TerminalSize(40, 3))).containsExactly("CLOCK  TIME      STATUS", "… 50 more clocks: enlarge the window");
        assertThat(WallView.table(clocks, new TerminalSize(40, 2))).containsExactly("… 50 more clocks: enlarge the window");
        assertThat(WallView.table(clocks, new TerminalSize(12, 2))).containsExactly("… 50 more c…");
    }

    @Test
    void plainLinesAndSnapshotsForScripts() {
        List<ClockState> clocks = List.of(up("NewYork", "07:00:01"), up("London", "12:00:01"),
                new ClockState("Tokyo", ClockState.Status.DOWN, null, "connection refused"),
                new ClockState("Kolkata", ClockState.Status.STALE, "17:30:01", null),
                new ClockState("Silent", ClockState.Status.STALE, null, null),
                new ClockState("Evil", ClockState.Status.NOT_A_TIME, "07:00:00", "99:99:99"));

        assertThat(WallView.plainLine(clocks)).isEqualTo("NewYork 07:00:01  London 12:00:01  Tokyo down (connection refused)  "
                + "Kolkata 17:30:01 (stale)  Silent stale  Evil not a time: \"99:99:99\"");
        assertThat(WallView.snapshot(clocks)).containsExactly(
                "NewYork  07:00:01",
                "London   12:00:01",
                "Tokyo    down (connection refused)",
                "Kolkata  17:30:01 (stale)",
                "Silent   stale",
                "Evil     not a time: \"99:99:99\"");
    }

    @Test
    void parsesClockSpecs() {
        assertThat(ClockSpec.parse("New York=localhost:8010")).isEqualTo(new ClockSpec("New York", new HostPort("localhost", 8010)));
        assertThat(ClockSpec.parse("Here=[::1]:8000").server()).isEqualTo(new HostPort("::1", 8000));
        assertThat(ClockSpec.parse("Tokyo [Asia/Tokyo]=localhost:8030"))
                .isEqualTo(new ClockSpec("Tokyo", new HostPort("localhost", 8030), java.time.ZoneId.of("Asia/Tokyo")));
        assertThat(ClockSpec.parse("Here[+05:30]=[::1]:8000").zone()).isEqualTo(java.time.ZoneOffset.ofHoursMinutes(5, 30));
    }

    @Test
    void rejectsBadClockSpecsSayingWhatIsWrongInTheUsersWords() {
        assertThatThrownBy(() -> ClockSpec.parse("NewYork")).hasMessage("'NewYork' has no '=': write NAME=HOST:PORT, e.g. Tokyo=localhost:8030");
        assertThatThrownBy(() -> ClockSpec.parse("=localhost:8010")).hasMessageStartingWith("'=localhost:8010' has no name before '='");
        assertThatThrownBy(() -> ClockSpec.parse("A=localhost")).hasMessageStartingWith("A: 'localhost' has no port");
        assertThatThrownBy(() -> ClockSpec.parse("NewYork=localhost:99999")).hasMessageStartingWith("NewYork: '99999' is not a port");
        assertThatThrownBy(() -> ClockSpec.parse("Tokyo[Mars/Base]=localhost:8030"))
                .hasMessage("Tokyo: 'Mars/Base' is not a time zone: write a region (Asia/Tokyo), UTC, or an offset (+05:30)");
        assertThatThrownBy(() -> ClockSpec.parse("[Asia/Tokyo]=localhost:8030")).hasMessageStartingWith("'[Asia/Tokyo]=localhost:8030' has no name before '['");
    }
}
