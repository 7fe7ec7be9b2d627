package dev.clock.wall;

import java.io.PrintStream;
import java.util.List;

/** Where the wall is shown: a terminal redrawn in place, or plain lines for a pipe. */
public interface WallDisplay extends AutoCloseable {

    void show(List<ClockState> clocks);

    /** Leaves the output as it found it (the cursor shown again); safe to call twice. */
    @Override
    void close();

    /** One plain line per update, no escape codes: for pipes, files, scripts, CI. */
    static WallDisplay plain(PrintStream out) {
        return new WallDisplay() {
            @Override
            public void show(List<ClockState> clocks) {
                out.println(WallView.plainLine(clocks));
                out.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }

    /** A table redrawn in place with ANSI escapes, the cursor hidden while it runs. */
    static WallDisplay terminal(PrintStream out, int width) {
        return new TerminalDisplay(out, width);
    }
}
