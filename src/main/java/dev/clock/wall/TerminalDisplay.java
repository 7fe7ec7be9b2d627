package dev.clock.wall;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * The wall as a table that redraws in place: each drawing moves back up over the last one. The
 * table is fitted to the terminal's size, read again on every resize, when the whole screen is
 * redrawn: a terminal that rewraps or scrolls on a resize leaves the last drawing where the
 * cursor cannot find it.
 */
final class TerminalDisplay implements WallDisplay {
    private static final String HIDE_CURSOR = "\033[?25l";
    private static final String SHOW_CURSOR = "\033[?25h";
    private static final String CLEAR_LINE = "\033[2K";
    private static final String CLEAR_BELOW = "\033[J";
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    private final OutputStream out;
    private final Supplier<TerminalSize> sizes;
    private TerminalSize size;
    private List<ClockState> last;
    private int drawn;
    private boolean closed;

    TerminalDisplay(OutputStream out, Supplier<TerminalSize> sizes) {
        this.out = out;
        this.sizes = sizes;
        this.size = sizes.get();
    }

    @Override
    public synchronized void show(List<ClockState> clocks) throws IOException {
        if (closed) {
            return;
        }
        StringBuilder frame = new StringBuilder();
        if (last == null) {
            frame.append(HIDE_CURSOR);
        } else if (drawn > 0) {
            frame.append("\033[").append(drawn).append('A'); // back to the table's first row
        }
        draw(frame, clocks);
    }

    @Override
    public synchronized void resized() throws IOException {
        size = sizes.get();
        if (closed || last == null) {
            return;
        }
        draw(new StringBuilder(CLEAR_SCREEN), last);
    }

    private void draw(StringBuilder frame, List<ClockState> clocks) throws IOException {
        List<String> rows = WallView.table(clocks, size);
        for (String row : rows) {
            frame.append('\r').append(CLEAR_LINE).append(row).append('\n');
        }
        frame.append(CLEAR_BELOW); // what is left of a taller last drawing
        last = clocks;
        drawn = rows.size();
        out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                out.write(SHOW_CURSOR.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // The terminal is gone: there is no cursor left to show.
            }
        }
    }
}
