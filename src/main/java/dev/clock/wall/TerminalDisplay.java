package dev.clock.wall;

import java.io.PrintStream;
import java.util.List;

/** The wall as a table that redraws in place: each drawing moves back up over the last one. */
final class TerminalDisplay implements WallDisplay {
    private static final String HIDE_CURSOR = "\033[?25l";
    private static final String SHOW_CURSOR = "\033[?25h";
    private static final String CLEAR_LINE = "\033[2K";

    private final PrintStream out;
    private final int width;
    private int drawn;
    private boolean closed;

    TerminalDisplay(PrintStream out, int width) {
        this.out = out;
        this.width = width;
        out.print(HIDE_CURSOR);
    }

    @Override
    public synchronized void show(List<ClockState> clocks) {
        if (closed) {
            return;
        }
        StringBuilder frame = new StringBuilder();
        if (drawn > 0) {
            frame.append("\033[").append(drawn).append('A'); // back to the table's first row
        }
        List<String> rows = WallView.table(clocks, width);
        for (String row : rows) {
            frame.append('\r').append(CLEAR_LINE).append(row).append('\n');
        }
        out.print(frame);
        out.flush();
        drawn = rows.size();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            out.print(SHOW_CURSOR);
            out.flush();
        }
    }
}
