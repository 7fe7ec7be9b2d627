package dev.clock.cli;

import dev.clock.access.AccessPolicy;
import dev.clock.http.Hosts;
import dev.clock.http.HttpListener;
import dev.clock.http.HttpSettings;
import dev.clock.net.HostPort;
import dev.clock.net.Reasons;
import dev.clock.tcp.ClientPlaces;
import dev.clock.wall.ClockSpec;
import dev.clock.wall.TerminalSize;
import dev.clock.wall.WallDisplay;
import dev.clock.wall.WallFeed;
import dev.clock.wall.WallRunner;
import dev.clock.wall.WallWeb;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
                    + "it ends quietly when the pipe's reader does ('| head').",
            "With --http, the wall is also a page for browsers, live by events; without a terminal it is only "
                    + "that (unless --plain or --table), and the process serves until stopped."},
        footer = {"", "Exit status: 0 stopped by Ctrl-C or by the end of its pipe, or --once and every clock "
                + "answered; 1 --once and a clock did not, or stdout cannot be written; 2 bad usage.",
            "Example (the book's three cities):",
            "  TZ=US/Eastern clock serve --port 8010 &",
            "  clock serve --port 8020 --zone Europe/London &",
            "  clock serve --port 8030 --zone Asia/Tokyo &",
            "  clock wall NewYork=localhost:8010 London=localhost:8020 Tokyo=localhost:8030",
            "  clock wall --http 8080 NewYork=localhost:8010 London=localhost:8020   # then open http://localhost:8080/"})
final class WallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "NAME=HOST:PORT",
            description = "A clock: its name (any text without '='), then its server; IPv6 in brackets, e.g. Here=[::1]:8000. "
                    + "NAME[ZONE]=HOST:PORT says the zone its lines are in (Tokyo[Asia/Tokyo]=localhost:8030), for the date "
                    + "and zone the --http page shows; without it, a zone or offset in the line, else the offset its time "
                    + "of day is from UTC, to the quarter hour.")
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

    @Option(names = "--http", paramLabel = "PORT", converter = Converters.Port.class,
            description = "Also serve the wall as a page for browsers on this port, live by Server-Sent Events; "
                    + "0 takes a free one, logged at start.")
    Integer httpPort;

    @Option(names = "--http-bind", paramLabel = "HOST", defaultValue = "localhost",
            description = "Address the page listens on (default: ${DEFAULT-VALUE}; 0.0.0.0 for other machines).")
    String httpBind;

    @Option(names = "--http-host", paramLabel = "NAME",
            description = "A name the page answers to besides localhost, IP addresses and --http-bind, e.g. wall.example.org "
                    + "(repeatable). A request naming another host gets 421: a page on another site cannot read the wall "
                    + "by pointing a name of its own at this address (DNS rebinding).")
    List<String> httpHosts = new ArrayList<>();

    /** Browsers at once on the wall's page: a wall is watched by a few people, not by the internet. */
    static final int MAX_VIEWERS = 256;

    @Override
    public Integer call() throws InterruptedException {
        List<ClockSpec> specs = parse();
        if (once && httpPort != null) {
            throw new ParameterException(spec.commandLine(), "--once prints one snapshot and exits, so it cannot serve --http: use one or the other");
        }
        Hosts hosts = hosts();
        FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
        WallFeed feed = httpPort == null ? null : new WallFeed(specs);
        dev.clock.tcp.TcpListener web = null;
        if (feed != null) {
            try {
                web = HttpListener.bind(HttpSettings.at(new InetSocketAddress(InetAddress.getByName(httpBind), httpPort),
                                Duration.ofSeconds(10), 1), WallWeb.site(feed, hosts), new ClientPlaces(MAX_VIEWERS),
                        new AccessPolicy(AccessPolicy.Rules.open()));
            } catch (IOException e) {
                spec.commandLine().getErr().println("clock wall: cannot listen on " + HostPort.format(httpBind, httpPort)
                        + " (--http): " + Reasons.of(e));
                spec.commandLine().getErr().flush();
                return ExitCodes.FAILURE;
            }
            web.start();
            spec.commandLine().getErr().println("clock wall: http listening on " + HostPort.format(web.address())
                    + " (" + web.description() + ")");
            spec.commandLine().getErr().flush();
        }
        try (WallRunner runner = new WallRunner(specs, timing.interval)) {
            if (once) {
                PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
                return runner.printOnce(timeout, out, spec.commandLine().getErr()) ? ExitCodes.OK : ExitCodes.FAILURE;
            }
            boolean terminal = Terminal.isTerminal(1);
            boolean table = mode != null ? mode.table : terminal;
            boolean screen = mode != null || terminal || feed == null; // without a terminal, --http alone only serves
            List<WallDisplay> displays = new ArrayList<>();
            if (screen) {
                displays.add(table
                        ? WallDisplay.terminal(stdout, TerminalSize.source(Terminal.device(1), width, System.getenv()))
                        : WallDisplay.plain(stdout));
            }
            if (feed != null) {
                displays.add(feed);
            }
            WallDisplay display = WallDisplay.all(displays);
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
        } finally {
            if (web != null) {
                web.close();
            }
        }
    }

    /** The names the page answers besides addresses and localhost: the one it binds, if a name, and --http-host's. */
    private Hosts hosts() {
        for (String name : httpHosts) {
            if (!name.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9.])?")) {
                throw new ParameterException(spec.commandLine(), "--http-host '" + name
                        + "' is not a host name: give the name alone, without a port or scheme, e.g. wall.example.org");
            }
        }
        List<String> names = new ArrayList<>(httpHosts);
        names.add(httpBind);
        return Hosts.only(names);
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
