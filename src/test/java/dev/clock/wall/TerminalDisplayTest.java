package dev.clock.wall;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The escape codes that redraw the table in place, follow the terminal's size and give the terminal back. */
class TerminalDisplayTest {
    private static final List<ClockState> UP = List.of(new ClockState("Tokyo", ClockState.Status.UP, "21:00:01", null));
    private static final List<ClockState> DOWN = List.of(new ClockState("Tokyo", ClockState.Status.DOWN, "21:00:01", "connection refused"));

    @Test
    void hidesTheCursorRedrawsOverTheLastFrameAndShowsTheCursorAgainOnClose() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WallDisplay display = WallDisplay.terminal(bytes, () -> new TerminalSize(60, 24));

        display.show(UP);
        display.show(DOWN);
        display.close();
        display.close();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "\033[?25l"
                        + "\r\033[2KCLOCK  TIME      STATUS\n"
                        + "\r\033[2KTokyo  21:00:01\n"
                        + "\033[J"
                        + "\033[2A" // back up over the two rows just drawn
                        + "\r\033[2KCLOCK  TIME      STATUS\n"
                        + "\r\033[2KTokyo  21:00:01  down (connection refused)\n"
                        + "\033[J"
                        + "\033[?25h");
    }

    @Test
    void aResizeRedrawsTheWholeScreenAtTheNewSizeAndLaterDrawingsKeepIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicReference<TerminalSize> size = new AtomicReference<>(new TerminalSize(60, 24));
        WallDisplay display = WallDisplay.terminal(bytes, size::get);
        display.show(UP);
        bytes.reset();

        size.set(new TerminalSize(12, 24));
        display.resized();
        display.show(DOWN);

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "\033[H\033[2J" // home and clear: where the last drawing went after a resize is the terminal's business
                        + "\r\033[2KCLOCK  TIME…\n"
                        + "\r\033[2KTokyo  21:0…\n"
                        + "\033[J"
                        + "\033[2A"
                        + "\r\033[2KCLOCK  TIME…\n"
                        + "\r\033[2KTokyo  21:0…\n"
                        + "\033[J");
    }
}
