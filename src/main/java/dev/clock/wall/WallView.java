package dev.clock.wall;

import java.util.ArrayList;
import java.util.List;

/** How the wall reads, as text: pure functions of the clocks' states, tested without a terminal. */
public final class WallView {
    /** Names longer than this are cut, with an ellipsis, so one long name cannot push the times off screen. */
    static final int MAX_NAME = 24;
    private static final String NO_TIME = "--:--:--";

    private WallView() {
    }

    /**
     * The terminal table: a header, then one aligned row per clock, each cut to the screen's
     * width. Rows the screen cannot hold (one is left for the cursor, so the table never
     * scrolls) are left out, and a last row says how many.
     */
    public static List<String> table(List<ClockState> clocks, TerminalSize screen) {
        int nameWidth = "CLOCK".length();
        int timeWidth = NO_TIME.length();
        for (ClockState c : clocks) {
            nameWidth = Math.max(nameWidth, Columns.width(name(c)));
            timeWidth = Math.max(timeWidth, Columns.width(time(c)));
        }
        int room = screen.rows() == TerminalSize.UNBOUNDED ? Integer.MAX_VALUE : Math.max(1, screen.rows() - 1);
        int shown = clocks.size() + 1 <= room ? clocks.size() : Math.max(0, room - 2);
        List<String> rows = new ArrayList<>(shown + 2);
        if (room >= 2 || shown == clocks.size()) {
            rows.add(Columns.fit(row("CLOCK", nameWidth, "TIME", timeWidth, "STATUS"), screen.columns()));
        }
        for (ClockState c : clocks.subList(0, shown)) {
            rows.add(Columns.fit(row(name(c), nameWidth, time(c), timeWidth, c.statusText()), screen.columns()));
        }
        if (shown < clocks.size()) {
            int more = clocks.size() - shown;
            rows.add(Columns.fit("… " + more + " more clock" + (more == 1 ? "" : "s") + ": enlarge the window", screen.columns()));
        }
        return rows;
    }

    /** One line for a pipe: {@code NewYork 07:00:01  London 12:00:01}, a status where there is one. */
    public static String plainLine(List<ClockState> clocks) {
        StringBuilder line = new StringBuilder();
        for (ClockState c : clocks) {
            if (!line.isEmpty()) {
                line.append("  ");
            }
            line.append(c.name()).append(' ').append(timeOrStatus(c));
        }
        return line.toString();
    }

    /** {@code --once}: one line per clock, names aligned, the time or else the status. */
    public static List<String> snapshot(List<ClockState> clocks) {
        int nameWidth = clocks.stream().mapToInt(c -> Columns.width(c.name())).max().orElse(0);
        List<String> lines = new ArrayList<>();
        for (ClockState c : clocks) {
            lines.add(Columns.pad(c.name(), nameWidth) + "  " + timeOrStatus(c));
        }
        return lines;
    }

    /** {@code 07:00:01}, {@code 07:00:01 (stale)}, or the status alone when there is no time to show. */
    private static String timeOrStatus(ClockState c) {
        if (!c.answered()) {
            return c.statusText();
        }
        return c.status() == ClockState.Status.STALE ? c.time() + " (stale)" : c.time();
    }

    private static String row(String name, int nameWidth, String time, int timeWidth, String status) {
        return (Columns.pad(name, nameWidth) + "  " + Columns.pad(time, timeWidth) + "  " + status).stripTrailing();
    }

    private static String name(ClockState c) {
        return Columns.fit(c.name(), MAX_NAME);
    }

    private static String time(ClockState c) {
        return c.time() == null ? NO_TIME : c.time();
    }
}
