package dev.clock.cli;

import dev.clock.server.ClockServer;
import dev.clock.server.ServerConfig;
import dev.clock.tick.Durations;
import dev.clock.tick.TickFormat;
import dev.clock.tick.Ticker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code clock serve}: wires the options into a ticker and a server and runs them until a signal. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Serves the time over TCP: every client gets the current time at once, then one line at "
                    + "the start of every interval of the wall clock, until it disconnects.",
            "Clients are served concurrently, one virtual thread each; --sequential serves one at a "
                    + "time, as the book's clock1: the next waits until the current one leaves.",
            "What clients send is ignored. Ctrl-C or SIGTERM stops the server (exit 0); a second one "
                    + "exits at once."},
        footer = {"", "Exit status: 0 stopped by a signal, 1 cannot listen, 2 bad usage.",
            "Examples:", "  clock serve", "  TZ=US/Eastern clock serve --port 8010",
            "  clock serve -p 0 --zone Asia/Tokyo --format 'yyyy-MM-dd HH:mm:ss' --interval 250ms"})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bind", paramLabel = "HOST", defaultValue = "localhost",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 or :: for every interface).")
    String bind;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "8000", converter = Converters.Port.class,
            description = "TCP port to listen on; 0 takes a free port, logged at start (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-z", "--zone"}, paramLabel = "ZONE", converter = Converters.Zone.class,
            description = "Time zone of the lines: a region (Europe/London), UTC, or an offset (+05:30). "
                    + "Default: the system's, which honours TZ.")
    ZoneId zone;

    @Option(names = {"-f", "--format"}, paramLabel = "PATTERN", defaultValue = TickFormat.DEFAULT_PATTERN,
            description = "java.time pattern of each line (default: ${DEFAULT-VALUE}, the book's 15:04:05).")
    String format;

    @Option(names = {"-i", "--interval"}, paramLabel = "DURATION", defaultValue = "1s",
            converter = Converters.PositiveDuration.class,
            description = "Time between lines, e.g. 1s, 250ms, 1m; ticks fall on multiples of it since "
                    + "the epoch (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--sequential",
            description = "Serve one client at a time, like the book's clock1; others wait in the backlog.")
    boolean sequential;

    @Option(names = "--max-clients", paramLabel = "N",
            description = "Clients served at once; one more is sent 'clock: server full, try again later' "
                    + "and closed. Default: what the open-file limit allows, less a margin.")
    Integer maxClients;

    @Option(names = "--write-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = Converters.PositiveDuration.class,
            description = "Drop a client whose writes stay blocked this long: it stopped reading (default: ${DEFAULT-VALUE}).")
    Duration writeTimeout;

    @Option(names = {"-q", "--quiet"}, description = "Log only warnings and errors.")
    boolean quiet;

    @Option(names = "--debug", description = "Log every connection, and stack traces with errors.")
    boolean debug;

    @Override
    public Integer call() {
        Logging.configure(debug ? Logging.Verbosity.DEBUG : quiet ? Logging.Verbosity.QUIET : Logging.Verbosity.NORMAL);
        ZoneId zoneId = zone != null ? zone : ZoneId.systemDefault();
        TickFormat tickFormat;
        try {
            tickFormat = TickFormat.of(format, zoneId);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    "invalid value for option '--format': '" + format + "' is not a java.time pattern: "
                            + e.getMessage() + "; e.g. HH:mm:ss");
        }
        int limit = maxClients != null ? maxClients : DescriptorLimit.defaultMaxClients();
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "invalid value for option '--max-clients': must be at least 1");
        }

        String where = (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + port;
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(bind), port);
        } catch (UnknownHostException e) {
            return fail("cannot listen on " + where + ": unknown host");
        }
        try (Ticker ticker = new Ticker(tickFormat, interval);
             ClockServer server = ClockServer.bind(new ServerConfig(address, sequential, limit, writeTimeout), ticker)) {
            ticker.start();
            Signals.onStop(server::close);
            System.getLogger("clock").log(System.Logger.Level.INFO, "clock serve: listening on "
                    + format(server.address()) + " (" + (sequential ? "sequential" : "concurrent")
                    + ", zone " + zoneId.getId() + ", interval " + Durations.format(interval)
                    + ", format " + format + ", max " + limit + " clients)");
            server.serve();
            System.getLogger("clock").log(System.Logger.Level.INFO, "clock serve: stopped");
            return ExitCodes.OK;
        } catch (IOException e) {
            return fail("cannot listen on " + where + ": " + BindErrors.reason(e));
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("clock serve: " + message);
        spec.commandLine().getErr().flush();
        return ExitCodes.FAILURE;
    }

    private static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
