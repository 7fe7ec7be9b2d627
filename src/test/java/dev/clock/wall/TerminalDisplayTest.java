package dev.clock.wall;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The escape codes that redraw the table in place and give the terminal back. */
class TerminalDisplayTest {
    @Test
    void hidesTheCursorRedrawsOverTheLastFrameAndShowsTheCursorAgainOnClose() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        WallDisplay display = WallDisplay.terminal(out, 60);

        display.show(List.of(new ClockState("Tokyo", ClockState.Status.UP, "21:00:01", null)));
        display.show(List.of(new ClockState("Tokyo", ClockState.Status.DOWN, "21:00:01", "connection refused")));
        display.close();
        display.close();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "\033[?25l"
                        + "\r\033[2KCLOCK  TIME      STATUS\n"
                        + "\r\033[2KTokyo  21:00:01\n"
                        + "\033[2A" // back up over the two rows just drawn
                        + "\r\033[2KCLOCK  TIME      STATUS\n"
                        + "\r\033[2KTokyo  21:00:01  down (connection refused)\n"
                        + "\033[?25h");
    }
}
