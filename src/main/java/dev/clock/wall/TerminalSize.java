package dev.clock.wall;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The size of the screen the table is drawn on.
 *
 * @param columns characters a row can hold
 * @param rows    rows the screen holds, or {@link #UNBOUNDED} when nothing says (not a terminal)
 */
public record TerminalSize(int columns, int rows) {
    public static final int UNBOUNDED = Integer.MAX_VALUE;
    /** The width when nothing says: what terminals open at. */
    static final int DEFAULT_COLUMNS = 80;
    /** The narrowest {@code --width} honoured: a name and a time. */
    static final int MIN_WIDTH = 20;

    public TerminalSize {
        if (columns < 1 || rows < 1) {
            throw new IllegalArgumentException("a screen has at least one row and column: " + columns + "x" + rows);
        }
    }

    /**
     * Where the size comes from, asked again after each resize: the terminal {@code tty} (as
     * {@code stty size} reads it: Java has no call for it), else {@code $COLUMNS} and
     * {@code $LINES}, else 80 columns and no limit on rows; {@code width} (the user's
     * {@code --width}), when given, overrides the columns.
     */
    public static Supplier<TerminalSize> source(Optional<Path> tty, Integer width, Map<String, String> env) {
        return () -> {
            TerminalSize found = tty.flatMap(TerminalSize::read).orElseGet(() -> new TerminalSize(
                    positive(env.get("COLUMNS")).orElse(DEFAULT_COLUMNS), positive(env.get("LINES")).orElse(UNBOUNDED)));
            return width == null ? found : new TerminalSize(Math.max(MIN_WIDTH, width), found.rows());
        };
    }

    /** The size of the terminal device {@code tty}, or empty if it cannot be read. */
    static Optional<TerminalSize> read(Path tty) {
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(tty.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!stty.waitFor(2, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                stty.destroyForcibly();
                return Optional.empty();
            }
            String[] rowsColumns = out.split("\\s+");
            if (rowsColumns.length != 2) {
                return Optional.empty();
            }
            Optional<Integer> rows = positive(rowsColumns[0]);
            Optional<Integer> columns = positive(rowsColumns[1]);
            // A pseudo-terminal nobody sized says 0 0.
            return rows.isPresent() && columns.isPresent() ? Optional.of(new TerminalSize(columns.get(), rows.get())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<Integer> positive(String text) {
        try {
            int n = Integer.parseInt(text == null ? "" : text.strip());
            return n > 0 ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
