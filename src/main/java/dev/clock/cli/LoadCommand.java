package dev.clock.cli;

import dev.clock.client.ClockDefaults;
import dev.clock.load.LoadConfig;
import dev.clock.load.LoadGenerator;
import dev.clock.load.LoadReport;
import dev.clock.load.Report;
import dev.clock.load.NtpLoadConfig;
import dev.clock.load.NtpLoadGenerator;
import dev.clock.load.NtpLoadReport;
import dev.clock.load.SourceSpread;
import dev.clock.net.HostPort;
import dev.clock.net.Reasons;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clock load}: wires the options into a {@link LoadGenerator} and prints its report. */
@Command(name = "load",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Opens many connections to a line server (clock serve, or any server of HH:MM:SS lines), "
                    + "holds them, checks every line, closes everything and reports: connections, lag of "
                    + "each line after the start of the second it names (each connection's first line, "
                    + "which may name the second under way, is checked but not timed), skipped or "
                    + "repeated lines, and, "
                    + "with --pid, the server's memory and CPU per line.",
            "The lag is given twice where the kernel stamps what it receives (SO_TIMESTAMPNS: Linux, JDK 22 or newer): "
                    + "by the kernel's receive time (the server's dispatch alone) and by the time clock load read the line, "
                    + "with the reader's own delay between them; otherwise by the read time alone, and the report says why.",
            "For loopback only: each connection is a file descriptor here and one at the server."},
        footer = {"", "Exit status: 0 the run was clean (every connection held, every line the next one), "
                + "1 it was not (the verdict says why), or the target could not be resolved, 2 bad usage.",
            "Examples:", "  clock load localhost:8000 -n 10000 --rate 5000 --hold 60s --pid $(pgrep -f 'clock.jar serve')",
            "  clock load --sse localhost:8080 -n 1000   # the Server-Sent Events of clock serve --http 8080",
            "  clock load --ntp 127.0.0.1:1123 --sources 8192 --hold 30s --pid $(pgrep -f 'clock.jar serve')"})
final class LoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST:PORT", defaultValue = ClockDefaults.ADDRESS,
            converter = Converters.Address.class, description = "Server to load (default: ${DEFAULT-VALUE}).")
    HostPort target;

    @Option(names = {"-n", "--connections"}, paramLabel = "N", defaultValue = "1000",
            description = "Connections to open (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "5000",
            description = "Connections opened per second while ramping (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--sources", paramLabel = "N",
            description = "Spread source addresses over 127.0.0.1..127.0.0.N, 1 to 254, for more ports than one address has "
                    + "and within a server's limits per address. Default: against an IPv4 loopback address, one per "
                    + SourceSpread.PER_SOURCE + " connections, as clock serve's default --max-per-source and "
                    + "--max-connect-rate need; otherwise 1. With --ntp: 1.")
    Integer sources;

    @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "3s", converter = Converters.PositiveDuration.class,
            description = "Wait this long after the ramp before the hold window opens, so the ramp's backlog is not counted (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--hold", paramLabel = "DURATION", defaultValue = "10s", converter = Converters.PositiveDuration.class,
            description = "How long to hold the connections once all are open (default: ${DEFAULT-VALUE}).")
    Duration hold;

    @Mixin
    IntervalOption timing;

    @Option(names = "--pid", paramLabel = "PID", description = "The server's process: report its RSS and CPU (Linux /proc).")
    Long pid;

    @Option(names = "--sse", description = "Load the event stream of clock serve --http: each connection sends "
            + "GET /events and its events' data: lines are checked as the stream's lines are; HOST:PORT is then the --http port.")
    boolean events;

    @Option(names = "--json", description = "Print the report as one JSON object: target, holdSeconds, the group "
            + "connections, lagSource, the groups lag (by read time), lagKernel and readerDelay (null without kernel "
            + "timestamps), sequence and server (null without --pid), then clean and faults.")
    boolean json;

    // NTP mode: a block of its own, handed over to NtpLoadGenerator.
    @ArgGroup(exclusive = false, validate = false,
            heading = "%nNTP mode (--sources, --settle, --hold, --pid and --json apply to it too):%n")
    NtpMode ntpMode;

    static final class NtpMode {
        @Option(names = "--ntp", paramLabel = "HOST:PORT", converter = Converters.Address.class,
                description = "Load this NTP server (on loopback) over UDP instead: client requests (version 4, a random "
                        + "transmit time) kept --outstanding, sent through --settle and counted through --hold. Reports "
                        + "requests sent, time replies per second, Kiss-o'-Death, lost (no reply in 1 s), invalid replies, "
                        + "round trips and, with --pid, the server's CPU per reply. --sources N spreads the requests over "
                        + "127.0.0.1 onwards (up to 1,000,000 addresses).")
        HostPort target;

        @Option(names = "--sockets", paramLabel = "N", defaultValue = "2",
                description = "UDP sockets, each with a thread of its own, 1 to 8 (default: ${DEFAULT-VALUE}).")
        int sockets = 2;

        @Option(names = "--outstanding", paramLabel = "N", defaultValue = "64",
                description = "Requests in flight at most, over all sockets: each reply makes room for the next (default: ${DEFAULT-VALUE}).")
        int outstanding = 64;

        @Option(names = "--per-source", paramLabel = "N", defaultValue = "8",
                description = "With more --sources than --sockets, requests sent from one address before its socket moves on to "
                        + "the next (default: ${DEFAULT-VALUE}, the burst clock serve and chrony allow an address). "
                        + "Over 4,096 sources at 8 each keep within clock serve's default rate limit.")
        int perSource = 8;
    }

    private Integer callNtp() throws InterruptedException {
        var parsed = spec.commandLine().getParseResult();
        for (String streamOnly : new String[] {"--connections", "--rate", "--interval"}) {
            if (parsed.hasMatchedOption(streamOnly)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), streamOnly + " is for loading a line server: "
                        + "with --ntp, use --outstanding and --sockets");
            }
        }
        if (parsed.hasMatchedPositional(0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give the NTP server as --ntp HOST:PORT alone, "
                    + "without a line server's HOST:PORT");
        }
        if (pid != null && !ProcessHandle.of(pid).isPresent()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--pid " + pid + ": no such process");
        }
        NtpLoadConfig config;
        try {
            config = new NtpLoadConfig(ntpMode.target, ntpMode.sockets, ntpMode.outstanding, sources == null ? 1 : sources, ntpMode.perSource, settle, hold,
                    pid == null ? OptionalLong.empty() : OptionalLong.of(pid));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = Terminal.isTerminal(2);
        Consumer<String> progress = terminal ? line -> { err.print("\r\033[K" + line); err.flush(); } : line -> { };
        NtpLoadReport report;
        try {
            report = new NtpLoadGenerator(config, progress).run();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--ntp " + ntpMode.target + ": " + e.getMessage());
        } catch (IOException e) {
            err.println((terminal ? "\r\033[K" : "") + "clock load: " + ntpMode.target + ": " + Reasons.of(e));
            err.flush();
            return ExitCodes.FAILURE;
        }
        return print(report, err, terminal);
    }

    @Override
    public Integer call() throws InterruptedException {
        if (ntpMode != null) {
            if (ntpMode.target == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--sockets, --outstanding and --per-source are for NTP mode: add --ntp HOST:PORT");
            }
            return callNtp();
        }
        if (connections < 1 || rate < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--connections and --rate must be at least 1");
        }
        if (sources != null && (sources < 1 || sources > SourceSpread.MOST_SOURCES)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--sources must be from 1 to " + SourceSpread.MOST_SOURCES);
        }
        if (pid != null && !ProcessHandle.of(pid).isPresent()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--pid " + pid + ": no such process");
        }
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = Terminal.isTerminal(2);
        Consumer<String> progress = terminal ? line -> { err.print("\r\033[K" + line); err.flush(); } : line -> { };
        LoadConfig config = new LoadConfig(target, connections, rate, sources == null ? LoadConfig.SOURCES_BY_DEFAULT : sources,
                settle, hold, timing.interval,
                pid == null ? OptionalLong.empty() : OptionalLong.of(pid), events);
        LoadReport report;
        try {
            report = new LoadGenerator(config, progress).run();
        } catch (IOException e) {
            err.println((terminal ? "\r\033[K" : "") + "clock load: " + target + ": " + Reasons.of(e));
            err.flush();
            return ExitCodes.FAILURE;
        }
        return print(report, err, terminal);
    }

    /** Clears the progress line, prints the report, and says by the exit status whether the run was clean. */
    private int print(Report report, PrintWriter err, boolean terminal) {
        if (terminal) {
            err.print("\r\033[K");
            err.flush();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.json() + System.lineSeparator() : report.text());
        out.flush();
        return report.clean() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
