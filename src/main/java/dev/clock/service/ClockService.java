package dev.clock.service;

import dev.clock.access.AccessPolicy;
import dev.clock.activation.InetdClient;
import dev.clock.activation.Inherited;
import dev.clock.activation.UnusableSocketException;
import dev.clock.http.ClockWeb;
import dev.clock.http.HttpListener;
import dev.clock.http.HttpSettings;
import dev.clock.metrics.ClockMetrics;
import dev.clock.metrics.MetricsPort;
import dev.clock.metrics.MetricsSite;
import dev.clock.net.HostPort;
import dev.clock.net.Listener;
import dev.clock.net.Reasons;
import dev.clock.ntp.NtpServer;
import dev.clock.protocol.DaytimeProtocol;
import dev.clock.protocol.ProtocolService;
import dev.clock.protocol.TimeProtocol;
import dev.clock.server.ClientPlaces;
import dev.clock.server.ClockServer;
import dev.clock.server.ServerConfig;
import dev.clock.text.Durations;
import dev.clock.tick.Ticker;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code clock serve} below the command line: one ticker, the listeners the config asks for, and
 * the metrics over them, with the whole lifecycle in one place.
 * <ol>
 * <li>{@link #open}: binds every port, in the config's order, or binds none (a failure closes what
 *     was bound and names the option);</li>
 * <li>{@link #start}: the ticker and every listener begin;</li>
 * <li>{@link #stop}: {@code /healthz} turns 503, the server keeps serving for the drain, then
 *     {@link #close}: the listeners stop and end their clients in the reverse of their start,
 *     then the ticker, and the metrics last, so a load balancer sees 503 until the very end.</li>
 * </ol>
 */
public final class ClockService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("clock");

    private final ServeConfig config;
    private final Ticker ticker;
    private final List<Listener> listeners;
    /** The metrics port's listener, apart from {@link #listeners}: it is started last and closed last, and has no metrics of its own. */
    private final Listener metrics;
    /** Completes when the service has nothing left to serve: the one client of an inetd connection left. */
    private final CompletableFuture<Void> ended;
    /** Read by {@code /healthz}, which is made before this service. */
    private final AtomicBoolean serving;
    private boolean closed;

    /** Package-private: the tests of the close order give it listeners of their own. */
    ClockService(ServeConfig config, AtomicBoolean serving, Ticker ticker, List<Listener> listeners, Listener metrics,
                 CompletableFuture<Void> ended) {
        this.ended = ended;
        this.config = config;
        this.serving = serving;
        this.ticker = ticker;
        this.listeners = List.copyOf(listeners);
        this.metrics = metrics;
    }

    /**
     * Binds every service of {@code config}; nothing serves until {@link #start}.
     *
     * @throws ListenException naming the address, the option and the reason, with nothing left bound
     */
    public static ClockService open(ServeConfig config) throws ListenException {
        Inherited inherited;
        try {
            inherited = Inherited.channel();
        } catch (IOException e) {
            throw new ListenException("cannot serve the socket on standard input: "
                    + (e instanceof UnusableSocketException ? e.getMessage() : Reasons.of(e)), e);
        }
        return open(config, inherited);
    }

    /** As {@link #open(ServeConfig)}, serving the stream on {@code inherited} when it is a socket. */
    static ClockService open(ServeConfig config, Inherited inherited) throws ListenException {
        checkInherited(config, inherited);
        CompletableFuture<Void> ended = new CompletableFuture<>();
        InetAddress address = resolve(config.bind(), "--bind");
        InetAddress metricsHost = config.metricsPort().isPresent() ? resolve(config.metricsBind(), "--metrics-bind") : null;
        Ticker ticker = new Ticker(config.lines(), config.interval());
        List<Listener> listeners = new ArrayList<>();
        // One for every service: one address, one share; its loop guard learns every UDP door's port.
        AccessPolicy access = new AccessPolicy(config.access());
        ClientPlaces places = new ClientPlaces(config.maxClients()); // --max-clients: the stream's and HTTP's clients together
        String option = "--port";
        int port = 0;
        try {
            if (config.streamPort().isPresent()) {
                port = config.streamPort().getAsInt();
                listeners.add(switch (inherited) {
                    case Inherited.None none -> ClockServer.bind(serverConfig(config, new InetSocketAddress(address, port)),
                            config.reusePort(), access, ticker, places);
                    case Inherited.Listening socket -> adopt(socket, access, ticker, config, places);
                    case Inherited.Connected client -> inetdClient(client, ticker, config, ended);
                });
            }
            if (config.daytimePort().isPresent()) {
                option = "--daytime";
                port = config.daytimePort().getAsInt();
                DaytimeProtocol daytime = DaytimeProtocol.of(config.daytimeFormat(), config.lines().zone());
                listeners.add(ProtocolService.bind("daytime", "RFC 867", address, port, daytime::encode, ticker.clock(), access));
            }
            if (config.timePort().isPresent()) {
                option = "--time";
                port = config.timePort().getAsInt();
                listeners.add(ProtocolService.bind("time", "RFC 868", address, port, TimeProtocol::encode, ticker.clock(), access));
            }
            NtpServer ntp = null;
            if (config.ntpPort().isPresent()) {
                option = "--ntp";
                port = config.ntpPort().getAsInt();
                ntp = NtpServer.bind(new InetSocketAddress(address, port), ticker.clock(), config.ntp(), access);
                listeners.add(ntp);
            }
            if (config.httpPort().isPresent()) {
                option = "--http";
                port = config.httpPort().getAsInt();
                listeners.add(HttpListener.bind(HttpSettings.at(new InetSocketAddress(address, port), config.writeTimeout(),
                        config.fanOutThreads()), ClockWeb.site(ticker, config.lines()), places, access));
            }
            AtomicBoolean serving = new AtomicBoolean(true);
            Listener metrics = null;
            if (config.metricsPort().isPresent()) {
                option = "--metrics";
                port = config.metricsPort().getAsInt();
                PrometheusRegistry registry = new PrometheusRegistry();
                ClockMetrics.register(registry, listeners);
                if (ntp != null) {
                    ClockMetrics.registerNtp(registry, ntp);
                }
                ClockMetrics.registerAccess(registry, access);
                metrics = MetricsPort.bind(new InetSocketAddress(metricsHost, port), MetricsSite.site(registry, serving::get),
                        config.access(), config.writeTimeout());
            }
            return new ClockService(config, serving, ticker, listeners, metrics, ended);
        } catch (IOException e) {
            listeners.forEach(Listener::close); // the metrics' listener is bound last: if it failed, it holds nothing
            String host = option.equals("--metrics") ? config.metricsBind() : config.bind();
            throw new ListenException("cannot listen on " + HostPort.format(host, port) + " (" + option + "): "
                    + Reasons.of(e) + sharingHint(config, option, e), e);
        }
    }

    /** A port in use while sharing it was asked for: whoever holds it did not ask, or is another user. */
    private static String sharingHint(ServeConfig config, String option, IOException e) {
        if (!config.reusePort() || !option.equals("--port") || !(e instanceof BindException)) {
            return "";
        }
        return "; a shared port needs --reuse-port in every process that binds it, all run by the same user";
    }

    private static ServerConfig serverConfig(ServeConfig config, InetSocketAddress address) {
        return new ServerConfig(address, config.sequential(), config.maxClients(), config.writeTimeout(), config.fanOutThreads());
    }

    // --- socket activation (dev.clock.activation): a socket handed over on standard input ---

    /** A socket on standard input is for the stream, and one client's process serves nothing else. */
    private static void checkInherited(ServeConfig config, Inherited inherited) throws ListenException {
        if (inherited instanceof Inherited.None) {
            return;
        }
        if (config.streamPort().isEmpty()) {
            throw new ListenException("standard input is a socket, for the stream, but --no-stream turns the stream off: "
                    + "drop --no-stream, or start clock serve without the socket", null);
        }
        if (inherited instanceof Inherited.Connected && config.ports().size() > 1) {
            throw new ListenException("standard input is one client's connection (inetd's nowait): that process serves "
                    + "only it, so --daytime, --time, --ntp and --metrics cannot be used there; use a listening socket "
                    + "(systemd's Accept=no, inetd's wait) for them", null);
        }
    }

    private static Listener adopt(Inherited.Listening socket, AccessPolicy access, Ticker ticker, ServeConfig config,
                                  ClientPlaces places) throws IOException {
        LOG.log(Level.INFO, "clock serve: serving the listening socket on standard input (socket activation): "
                + "--bind, --port and --reuse-port do not apply to the stream");
        return ClockServer.adopt(socket.channel(), serverConfig(config, socket.address()), access, ticker, places);
    }

    /** The process exists for its one client: when it leaves, the service has {@link #ended()}. */
    private static Listener inetdClient(Inherited.Connected client, Ticker ticker, ServeConfig config,
                                        CompletableFuture<Void> ended) {
        InetdClient listener = new InetdClient(client, ticker, config.writeTimeout());
        listener.gone().thenRun(() -> {
            LOG.log(Level.INFO, "clock serve: the client left; stopping");
            ended.complete(null);
        });
        return listener;
    }

    // --- end of socket activation ---

    private static InetAddress resolve(String host, String option) throws ListenException {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ListenException("cannot listen on " + host + " (" + option + "): unknown host", e);
        }
    }

    /** Starts the ticker and every listener, and logs where each listens. */
    public void start() {
        ticker.start();
        for (Listener listener : listeners) {
            listener.start();
            LOG.log(Level.INFO, "clock serve: " + listener.protocol() + " listening on " + HostPort.format(listener.address())
                    + " (" + listener.description() + detail(listener) + ")");
        }
        if (metrics != null) {
            metrics.start();
        }
        metricsAddress().ifPresent(a -> LOG.log(Level.INFO,
                "clock serve: metrics on http://" + HostPort.format(a) + "/metrics, health at /healthz"));
    }

    private String detail(Listener listener) {
        if (!listener.protocol().equals("stream")) {
            return "";
        }
        return ", zone " + config.lines().zone().getId() + ", interval " + Durations.format(config.interval())
                + ", format " + config.lines().pattern();
    }

    /** Every listener, in the order bound: the stream first. */
    public List<Listener> listeners() {
        return listeners;
    }

    public Optional<InetSocketAddress> metricsAddress() {
        return Optional.ofNullable(metrics).map(Listener::address);
    }

    /**
     * Completes when there is nothing left to serve without a stop signal: the one client of a
     * connection handed over on standard input (inetd's nowait) has left. Otherwise it never does.
     */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    /** Whether it is serving: false from the moment a stop begins, when {@code /healthz} turns 503. */
    public boolean serving() {
        return serving.get();
    }

    /** The graceful stop: {@code /healthz} answers 503, clients are served for the drain, then everything closes. */
    public void stop() throws InterruptedException {
        serving.set(false);
        if (!config.drain().isZero()) {
            LOG.log(Level.INFO, "clock serve: draining for " + Durations.format(config.drain()) + " (/healthz answers 503)");
            Thread.sleep(config.drain());
        }
        // Said before the close: closing a socket inherited from systemd or inetd can take stderr with it.
        LOG.log(Level.INFO, "clock serve: stopping: closing " + listeners.stream().mapToInt(Listener::connected).sum() + " clients");
        close();
    }

    /** Closes at once, in order: listeners in the reverse of their start, the ticker, the metrics last. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        serving.set(false);
        for (int i = listeners.size() - 1; i >= 0; i--) {
            listeners.get(i).close();
        }
        ticker.close();
        if (metrics != null) {
            metrics.close();
        }
    }
}
