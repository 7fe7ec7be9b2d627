package dev.clock.cli;

import dev.clock.net.Reasons;
import dev.clock.wall.ClockSpec;
import dev.clock.wall.TerminalSize;
import dev.clock.wall.WallDisplay;
import dev.clock.wall.WallRunner;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clock wall}: the book's exercise 8.1, several clocks side by side. */
@Command(name = "wall",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Reads several clock servers at once and shows their times side by side, like the wall "
                    + "of clocks in an office (the book's exercise 8.1).",
            "On a terminal, a table redrawn in place whenever a clock changes, fitted to the terminal "
                    + "and to its resizes, with each clock's status: connecting, stale (no line for two "
                    + "intervals), not a time (a line with no H:MM:SS in it), down (and why). A server that "
                    + "goes away, or sends a line longer than 256 bytes, is retried, 0.5 s doubling to 10 s.",
            "Otherwise (a pipe, a file), one plain line per update: NewYork 07:00:01  London 12:00:01; "
                    + "it ends quietly when the pipe's reader does ('| head')."},
        footer = {"", "Exit status: 0 stopped by Ctrl-C or by the end of its pipe, or --once and every clock "
                + "answered; 1 --once and a clock did not, or stdout cannot be written; 2 bad usage.",
            "Example (the book's three cities):",
            "  TZ=US/Eastern clock serve --port 8010 &",
            "  clock serve --port 8020 --zone Europe/London &",
            "  clock serve --port 8030 --zone Asia/Tokyo &",
            "  clock wall NewYork=localhost:8010 London=localhost:8020 Tokyo=localhost:8030"})
final class WallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "NAME=HOST:PORT",
            description = "A clock: its name (any text without '='), then its server; IPv6 in brackets, e.g. Here=[::1]:8000.")
    List<String> clocks;

    @Option(names = "--once", description = "Print one snapshot, one line per clock, and exit.")
    boolean once;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = Converters.PositiveDuration.class,
            description = "With --once: how long to wait for every clock's first line (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    IntervalOption timing;

    @ArgGroup(exclusive = true)
    Mode mode;

    static final class Mode {
        @Option(names = "--plain", description = "Plain lines even on a terminal.")
        boolean plain;

        @Option(names = "--table", description = "The redrawn table even when not on a terminal.")
        boolean table;
    }

    @Option(names = "--width", paramLabel = "COLUMNS",
            description = "Width of the table (default: the terminal's, read again when it is resized).")
    Integer width;

    @Override
    public Integer call() throws InterruptedException {
        List<ClockSpec> specs = parse();
        FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
        try (WallRunner runner = new WallRunner(specs, timing.interval)) {
            if (once) {
                PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
                return runner.printOnce(timeout, out, spec.commandLine().getErr()) ? ExitCodes.OK : ExitCodes.FAILURE;
            }
            boolean table = mode != null ? mode.table : Terminal.isTerminal(1);
            WallDisplay display = table
                    ? WallDisplay.terminal(stdout, TerminalSize.source(Terminal.device(1), width, System.getenv()))
                    : WallDisplay.plain(stdout);
            Terminal.onResize(() -> {
                try {
                    display.resized();
                } catch (IOException e) {
                    // The next drawing meets the same failure and ends the wall.
                }
            });
            // Ctrl-C: give the terminal back as it was (cursor shown), then exit 0.
            Signals.onStop(() -> {
                display.close();
                Runtime.getRuntime().halt(ExitCodes.OK);
            });
            try {
                runner.show(display);
            } catch (IOException e) {
                spec.commandLine().getErr().println("clock wall: cannot write the wall: " + Reasons.of(e));
                spec.commandLine().getErr().flush();
                return ExitCodes.FAILURE;
            } finally {
                display.close();
            }
            return ExitCodes.OK;
        }
    }

    private List<ClockSpec> parse() {
        List<ClockSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String text : clocks) {
            ClockSpec s;
            try {
                s = ClockSpec.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            if (!names.add(s.name())) {
                throw new ParameterException(spec.commandLine(), "the name '" + s.name() + "' is given twice: each clock needs a name of its own");
            }
            specs.add(s);
        }
        return specs;
    }
}
