package dev.clock.cli;

import dev.clock.protocol.DaytimeProtocol;
import dev.clock.service.ClockService;
import dev.clock.service.ConfigException;
import dev.clock.service.ListenException;
import dev.clock.service.ServeConfig;
import dev.clock.service.SystemZone;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code clock serve}: parses the options into a {@link ServeConfig} and runs a {@link ClockService} until a signal. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        sortOptions = false,
        description = {
            "Serves the time over TCP: every client gets the current time at once, then one line at "
                    + "the start of every interval of the wall clock, until it disconnects.",
            "Clients are served concurrently, with no thread per client; --sequential serves one at a "
                    + "time, as the book's clock1: the next waits until the current one leaves.",
            "Also, on request: inetd's Daytime (RFC 867) and Time (RFC 868) over TCP and UDP, NTP "
                    + "(RFC 5905) over UDP, a live page for browsers over HTTP, and Prometheus metrics with a health check.",
            "What clients send is ignored. Ctrl-C, SIGTERM or SIGHUP stops the server (exit 0); a second one "
                    + "exits at once."},
        footer = {"", "Exit status: 0 stopped by a signal, 1 cannot listen, 2 bad usage; 129, 130 or 143 "
                + "a second signal while stopping.",
            "Examples:", "  clock serve", "  TZ=US/Eastern clock serve --port 8010",
            "  clock serve -p 0 --zone Asia/Tokyo --format 'yyyy-MM-dd HH:mm:ss' -i 250ms",
            "  clock serve --no-stream --daytime 1313 --time 3737 --metrics 9100"})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bind", paramLabel = "HOST", defaultValue = ServeConfig.DEFAULT_BIND,
            description = "Address to listen on, for every service (default: ${DEFAULT-VALUE}; 0.0.0.0 for every "
                    + "IPv4 interface, :: for every interface).")
    String bind;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "" + ServeConfig.DEFAULT_PORT,
            converter = Converters.Port.class,
            description = "TCP port of the streaming clock; 0 takes a free port, logged at start (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-z", "--zone"}, paramLabel = "ZONE", converter = Converters.Zone.class,
            description = "Time zone of the lines: a region (Europe/London), UTC, or an offset (+05:30). "
                    + "Default: TZ's, else the system's.")
    ZoneId zone;

    @Option(names = {"-f", "--format"}, paramLabel = "PATTERN", defaultValue = ServeConfig.DEFAULT_FORMAT,
            description = "java.time pattern of each line (default: ${DEFAULT-VALUE}, the book's Go layout 15:04:05).")
    String format;

    @Mixin
    IntervalOption timing;

    @Option(names = "--reuse-port",
            description = "Share every port (the stream's, --http, --daytime, --time, --ntp; TCP and UDP) with other "
                    + "clock serve processes started with --reuse-port (SO_REUSEPORT): the kernel spreads new clients "
                    + "over them, and a new version can start before the old one stops (with --drain); give each its "
                    + "own --metrics port.")
    boolean reusePort;

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

    @Option(names = "--write-timeout", paramLabel = "DURATION", defaultValue = ServeConfig.DEFAULT_WRITE_TIMEOUT,
            converter = Converters.PositiveDuration.class,
            description = "Drop a client whose line could not be sent for this long: it stopped reading (default: ${DEFAULT-VALUE}).")
    Duration writeTimeout;

    @Option(names = "--fanout-threads", paramLabel = "N",
            description = "Threads that write each tick to the clients, each to its own share of them, from 1 to "
                    + ServeConfig.MAX_FANOUT_THREADS + ". Default: one per core.")
    Integer fanOutThreads;

    @Option(names = "--daytime", paramLabel = "PORT", converter = Converters.Port.class,
            description = "Also serve Daytime (RFC 867, usually port 13) over TCP and UDP on this port; 0 takes a free one.")
    Integer daytimePort;

    @Option(names = "--daytime-format", paramLabel = "FORMAT",
            description = "With --daytime, its line: rfc867 (Tuesday, February 22, 1982 17:37:43-PST), rfc3339 "
                    + "(1982-02-22T17:37:43-08:00), or a java.time pattern (default: " + DaytimeProtocol.RFC867 + ").")
    String daytimeFormat;

    @Option(names = "--time", paramLabel = "PORT", converter = Converters.Port.class,
            description = "Also serve Time (RFC 868, usually port 37) over TCP and UDP on this port; 0 takes a free one.")
    Integer timePort;

    @Option(names = "--ntp", paramLabel = "PORT", converter = Converters.Port.class,
            description = "Also answer NTP clients (RFC 5905 server mode, usually port 123) over UDP on this port; "
                    + "0 takes a free one. Keep this host synchronized: it serves its clock.")
    Integer ntpPort;

    @Option(names = "--ntp-stratum", paramLabel = "N",
            description = "With --ntp, the stratum it reports, 1 to 15 (default: 10, as chrony's 'local' does, "
                    + "with the reference ID LOCL).")
    Integer ntpStratum;

    @Option(names = "--ntp-rate-limit", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With --ntp, limit each client address as chrony's ratelimit does: 8 requests at once, then 1 "
                    + "every 8 s (the default). --no-ntp-rate-limit answers every request, however many: for a "
                    + "benchmark, or behind a limit of the network's own.")
    boolean ntpRateLimit;

    @Option(names = "--http", paramLabel = "PORT", converter = Converters.Port.class,
            description = "Also serve the clock to browsers over HTTP on this port (same --bind): a live page at /, "
                    + "its Server-Sent Events at /events, the time as JSON at /now; 0 takes a free one.")
    Integer httpPort;

    @Option(names = "--metrics", paramLabel = "PORT", converter = Converters.Port.class,
            description = "Serve Prometheus metrics at /metrics and a health check at /healthz over HTTP on this port; 0 takes a free one.")
    Integer metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "HOST", defaultValue = ServeConfig.DEFAULT_METRICS_BIND,
            description = "Address the metrics and /healthz listen on (default: ${DEFAULT-VALUE}: private; 0.0.0.0 "
                    + "for a scraper or load balancer elsewhere, over IPv4 only; :: for IPv6 too). --allow and --deny "
                    + "apply to it as to every port.")
    String metricsBind;

    @Option(names = "--allow", paramLabel = "CIDR", split = ",",
            description = "Serve only these address blocks (192.0.2.0/24, 2001:db8::/32, a bare address); "
                    + "repeatable. Default: everyone.")
    List<String> allow = List.of();

    @Option(names = "--deny", paramLabel = "CIDR", split = ",",
            description = "Refuse these address blocks, whatever --allow says; repeatable.")
    List<String> deny = List.of();

    @Option(names = "--max-per-source", paramLabel = "N",
            description = "TCP clients at once from one address (an IPv6 /64); one more is told "
                    + "'clock: too many connections from your address' (default: " + ServeConfig.DEFAULT_MAX_PER_SOURCE + ").")
    Integer maxPerSource;

    @Option(names = "--max-connect-rate", paramLabel = "N",
            description = "New TCP connections a second from one address, with a burst of twice that; more are "
                    + "closed at once (default: " + ServeConfig.DEFAULT_MAX_CONNECT_RATE + ").")
    Integer maxConnectRate;

    @Option(names = "--max-udp-rate", paramLabel = "N",
            description = "UDP requests answered a second for one address, with a burst of twice that; more get "
                    + "nothing (default: " + ServeConfig.DEFAULT_MAX_DATAGRAM_RATE + ").")
    Integer maxDatagramRate;

    @Option(names = "--drain", paramLabel = "DURATION", defaultValue = ServeConfig.DEFAULT_DRAIN,
            converter = Converters.NonNegativeDuration.class,
            description = "On a stop signal, keep serving this long with /healthz answering 503, so a load "
                    + "balancer stops sending clients first (default: ${DEFAULT-VALUE}).")
    Duration drain;

    @ArgGroup(exclusive = true)
    Verbosity verbosity = new Verbosity();

    static final class Verbosity {
        @Option(names = {"-q", "--quiet"}, description = "Log only warnings and errors.")
        boolean quiet;

        @Option(names = "--debug", description = "Log every connection, each tick's fan-out time, and stack traces with errors.")
        boolean debug;
    }

    @Override
    public Integer call() throws InterruptedException {
        Logging.configure(verbosity.debug ? Logging.Verbosity.DEBUG : verbosity.quiet ? Logging.Verbosity.QUIET : Logging.Verbosity.NORMAL);
        ServeConfig config = config();

        // Before anything listens: a signal in the moment after the start line must stop us
        // gracefully, not meet the JVM's default handling.
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signals.onStop(stopRequested::countDown);

        ClockService service;
        try {
            service = ClockService.open(config);
        } catch (ListenException e) {
            spec.commandLine().getErr().println("clock serve: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.FAILURE;
        }
        service.start();
        service.ended().thenRun(stopRequested::countDown); // inetd's nowait: its one client left
        stopRequested.await();
        service.stop();
        System.getLogger("clock").log(System.Logger.Level.INFO, "clock serve: stopped");
        return ExitCodes.OK;
    }

    private ServeConfig config() {
        ZoneId lines = zone;
        if (lines == null) {
            SystemZone system = SystemZone.of(System.getenv("TZ"), ZoneId.systemDefault());
            system.warning().ifPresent(w -> System.getLogger("clock").log(System.Logger.Level.WARNING, "clock serve: " + w));
            lines = system.zone();
        }
        try {
            return ServeConfig.builder()
                    .bind(bind).port(port).stream(!noStream).zone(lines).format(format).interval(timing.interval)
                    .sequential(sequential).maxClients(maxClients).writeTimeout(writeTimeout).fanOutThreads(fanOutThreads)
                    .daytime(daytimePort).daytimeFormat(daytimeFormat).time(timePort).ntp(ntpPort).ntpStratum(ntpStratum).ntpRateLimit(ntpRateLimit).http(httpPort).metrics(metricsPort).metricsBind(metricsBind).drain(drain)
                    .allow(allow).deny(deny).maxPerSource(maxPerSource).maxConnectRate(maxConnectRate)
                    .maxDatagramRate(maxDatagramRate).reusePort(reusePort)
                    .build();
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
