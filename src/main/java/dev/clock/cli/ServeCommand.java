package dev.clock.cli;

import dev.clock.net.HostPort;
import dev.clock.metrics.ClockMetrics;
import dev.clock.metrics.MetricsServer;
import dev.clock.protocol.DaytimeProtocol;
import dev.clock.protocol.ProtocolService;
import dev.clock.protocol.Responder;
import dev.clock.protocol.TimeProtocol;
import dev.clock.server.ClockServer;
import dev.clock.server.ServerConfig;
import dev.clock.text.Durations;
import dev.clock.tick.TickFormat;
import dev.clock.tick.Ticker;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code clock serve}: wires the options into a ticker and its servers and runs them until a signal. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        sortOptions = false,
        description = {
            "Serves the time over TCP: every client gets the current time at once, then one line at "
                    + "the start of every interval of the wall clock, until it disconnects.",
            "Clients are served concurrently, one virtual thread each; --sequential serves one at a "
                    + "time, as the book's clock1: the next waits until the current one leaves.",
            "Also, on request: inetd's Daytime (RFC 867) and Time (RFC 868) over TCP and UDP, and "
                    + "Prometheus metrics with a health check.",
            "What clients send is ignored. Ctrl-C or SIGTERM stops the server (exit 0); a second one "
                    + "exits at once."},
        footer = {"", "Exit status: 0 stopped by a signal, 1 cannot listen, 2 bad usage.",
            "Examples:", "  clock serve", "  TZ=US/Eastern clock serve --port 8010",
            "  clock serve -p 0 --zone Asia/Tokyo --format 'yyyy-MM-dd HH:mm:ss' -i 250ms",
            "  clock serve --no-stream --daytime 1313 --time 3737 --metrics 9100"})
final class ServeCommand implements Callable<Integer> {
    private static final System.Logger LOG = System.getLogger("clock");

    @Spec
    CommandSpec spec;

    @Option(names = "--bind", paramLabel = "HOST", defaultValue = "localhost",
            description = "Address to listen on, for every service (default: ${DEFAULT-VALUE}; 0.0.0.0 or :: for every interface).")
    String bind;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "8000", converter = Converters.Port.class,
            description = "TCP port of the streaming clock; 0 takes a free port, logged at start (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-z", "--zone"}, paramLabel = "ZONE", converter = Converters.Zone.class,
            description = "Time zone of the lines: a region (Europe/London), UTC, or an offset (+05:30). "
                    + "Default: the system's, which honours TZ.")
    ZoneId zone;

    @Option(names = {"-f", "--format"}, paramLabel = "PATTERN", defaultValue = TickFormat.DEFAULT_PATTERN,
            description = "java.time pattern of each line (default: ${DEFAULT-VALUE}, the book's 15:04:05).")
    String format;

    @Mixin
    IntervalOption timing;

    @Option(names = "--sequential",
            description = "Serve one client at a time, like the book's clock1; others wait in the backlog.")
    boolean sequential;

    @Option(names = "--no-stream", description = "Do not serve the streaming clock (serve only --daytime, --time).")
    boolean noStream;

    @Option(names = "--max-clients", paramLabel = "N",
            description = "Clients served at once; one more is sent 'clock: server full, try again later' "
                    + "and closed (it is not left in the backlog). Default: what the open-file limit allows, "
                    + "less a margin.")
    Integer maxClients;

    @Option(names = "--write-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = Converters.PositiveDuration.class,
            description = "Drop a client whose line could not be sent for this long: it stopped reading (default: ${DEFAULT-VALUE}).")
    Duration writeTimeout;

    @Option(names = "--fanout-threads", paramLabel = "N",
            description = "Threads that write each tick to the clients, each to its own share of them. "
                    + "Default: one per core.")
    Integer fanOutThreads;

    @Option(names = "--daytime", paramLabel = "PORT", converter = Converters.Port.class,
            description = "Also serve Daytime (RFC 867, usually port 13) over TCP and UDP on this port; 0 takes a free one.")
    Integer daytimePort;

    @Option(names = "--daytime-format", paramLabel = "FORMAT", defaultValue = DaytimeProtocol.RFC867,
            description = "Daytime's line: rfc867 (Tuesday, February 22, 1982 17:37:43-PST), rfc3339 "
                    + "(1982-02-22T17:37:43-08:00), or a java.time pattern (default: ${DEFAULT-VALUE}).")
    String daytimeFormat;

    @Option(names = "--time", paramLabel = "PORT", converter = Converters.Port.class,
            description = "Also serve Time (RFC 868, usually port 37) over TCP and UDP on this port; 0 takes a free one.")
    Integer timePort;

    @Option(names = "--metrics", paramLabel = "PORT", converter = Converters.Port.class,
            description = "Serve Prometheus metrics at /metrics and a health check at /healthz over HTTP on this port; 0 takes a free one.")
    Integer metricsPort;

    @Option(names = "--drain", paramLabel = "DURATION", defaultValue = "0s", converter = Converters.NonNegativeDuration.class,
            description = "On a stop signal, keep serving this long with /healthz answering 503, so a load "
                    + "balancer stops sending clients first (default: ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = {"-q", "--quiet"}, description = "Log only warnings and errors.")
    boolean quiet;

    @Option(names = "--debug", description = "Log every connection, and stack traces with errors.")
    boolean debug;

    private volatile boolean serving = true;

    @Override
    public Integer call() throws InterruptedException {
        Logging.configure(debug ? Logging.Verbosity.DEBUG : quiet ? Logging.Verbosity.QUIET : Logging.Verbosity.NORMAL);
        ZoneId zoneId = zone != null ? zone : ZoneId.systemDefault();
        TickFormat tickFormat = usage("--format", format, () -> TickFormat.of(format, zoneId));
        DaytimeProtocol daytime = usage("--daytime-format", daytimeFormat, () -> DaytimeProtocol.of(daytimeFormat, zoneId));
        int limit = maxClients != null ? maxClients : DescriptorLimit.defaultMaxClients();
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "invalid value for option '--max-clients': must be at least 1");
        }
        if (fanOutThreads != null && fanOutThreads < 1) {
            throw new ParameterException(spec.commandLine(), "invalid value for option '--fanout-threads': must be at least 1");
        }
        if (noStream && daytimePort == null && timePort == null) {
            throw new ParameterException(spec.commandLine(), "--no-stream leaves nothing to serve: add --daytime PORT or --time PORT");
        }

        // Before anything listens: a signal in the moment after the start line must stop us
        // gracefully, not meet the JVM's default handling (exit 130 or 143).
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signals.onStop(stopRequested::countDown);

        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            return fail("cannot listen on " + HostPort.format(bind, port) + ": unknown host");
        }
        List<AutoCloseable> running = new ArrayList<>();
        List<ClockMetrics.Source> sources = new ArrayList<>();
        Ticker ticker = new Ticker(tickFormat, timing.interval);
        running.add(ticker);
        int listening = port;
        try {
            if (!noStream) {
                ClockServer server = ClockServer.bind(new ServerConfig(new InetSocketAddress(address, port), sequential, limit, writeTimeout,
                        fanOutThreads != null ? fanOutThreads : ServerConfig.defaultFanOutThreads()), ticker);
                running.addFirst(server);
                sources.add(new ClockMetrics.Source("stream", server.stats(), server::connected));
                server.start();
                LOG.log(System.Logger.Level.INFO, "clock serve: listening on " + format(server.address())
                        + " (" + (sequential ? "sequential" : "concurrent") + ", zone " + zoneId.getId()
                        + ", interval " + Durations.format(timing.interval) + ", format " + format + ", max " + limit + " clients)");
            }
            if (daytimePort != null) {
                listening = daytimePort;
                startProtocol("daytime", "RFC 867", address, daytimePort, daytime::encode, ticker, running, sources);
            }
            if (timePort != null) {
                listening = timePort;
                startProtocol("time", "RFC 868", address, timePort, TimeProtocol::encode, ticker, running, sources);
            }
            if (metricsPort != null) {
                listening = metricsPort;
                PrometheusRegistry registry = new PrometheusRegistry();
                ClockMetrics.register(registry, sources);
                MetricsServer metrics = MetricsServer.start(new InetSocketAddress(address, metricsPort), registry, () -> serving);
                running.addLast(metrics); // closed last: /healthz answers 503 while the rest stops
                LOG.log(System.Logger.Level.INFO, "clock serve: metrics on http://" + format(metrics.address()) + "/metrics, health at /healthz");
            }
        } catch (IOException e) {
            closeAll(running);
            return fail("cannot listen on " + HostPort.format(bind, listening) + ": " + BindErrors.reason(e));
        }
        ticker.start();

        stopRequested.await();
        serving = false; // /healthz answers 503 from now on
        Thread.sleep(drain);
        closeAll(running);
        LOG.log(System.Logger.Level.INFO, "clock serve: stopped");
        return ExitCodes.OK;
    }

    private static void startProtocol(String name, String rfc, InetAddress address, int port, Responder responder, Ticker ticker,
                                      List<AutoCloseable> running, List<ClockMetrics.Source> sources) throws IOException {
        ProtocolService service = ProtocolService.start(name, address, port, responder, ticker.clock());
        running.addFirst(service);
        sources.add(new ClockMetrics.Source(name, service.stats(), () -> 0)); // one-shot: nobody stays connected
        LOG.log(System.Logger.Level.INFO, "clock serve: " + name + " (" + rfc + ") on " + format(service.address()) + " tcp and udp");
    }

    private interface Parse<T> {
        T get();
    }

    private <T> T usage(String option, String value, Parse<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid value for option '" + option + "': '" + value
                    + "' is not a java.time pattern: " + e.getMessage() + "; e.g. HH:mm:ss");
        }
    }

    private static void closeAll(List<AutoCloseable> running) {
        for (AutoCloseable c : running) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "stopping: " + e.getMessage());
            }
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("clock serve: " + message);
        spec.commandLine().getErr().flush();
        return ExitCodes.FAILURE;
    }

    private static String format(InetSocketAddress address) {
        return HostPort.format(address.getAddress().getHostAddress(), address.getPort());
    }
}
