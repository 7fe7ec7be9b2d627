package dev.clock.wall;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/** Where the wall is shown: a terminal redrawn in place, or plain lines for a pipe. */
public interface WallDisplay extends AutoCloseable {

    /** @throws IOException if the output cannot be written (a pipe whose reader went, say) */
    void show(List<ClockState> clocks) throws IOException;

    /** The screen changed size: fit the wall to it again. */
    default void resized() throws IOException {
    }

    /** Leaves the output as it found it (the cursor shown again); safe to call twice, never throws. */
    @Override
    void close();

    /** One plain line per update, no escape codes: for pipes, files, scripts, CI. */
    static WallDisplay plain(OutputStream out) {
        return new WallDisplay() {
            @Override
            public void show(List<ClockState> clocks) throws IOException {
                out.write((WallView.plainLine(clocks) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }

            @Override
            public void close() {
                // Each line is flushed as it is written: nothing is held back.
            }
        };
    }

    /** Every one of {@code displays}, in order: a terminal and the page of {@code --http}, say. */
    static WallDisplay all(List<WallDisplay> displays) {
        List<WallDisplay> each = List.copyOf(displays);
        return new WallDisplay() {
            @Override
            public void show(List<ClockState> clocks) throws IOException {
                for (WallDisplay d : each) {
                    d.show(clocks);
                }
            }

            @Override
            public void resized() throws IOException {
                for (WallDisplay d : each) {
                    d.resized();
                }
            }

            @Override
            public void close() {
                each.forEach(WallDisplay::close);
            }
        };
    }

    /** A table redrawn in place with ANSI escapes, fitted to {@code sizes}, the cursor hidden while it runs. */
    static WallDisplay terminal(OutputStream out, Supplier<TerminalSize> sizes) {
        return new TerminalDisplay(out, sizes);
    }
}
