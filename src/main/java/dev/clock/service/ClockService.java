package dev.clock.service;

import dev.clock.access.AccessPolicy;
import dev.clock.metrics.ClockMetrics;
import dev.clock.metrics.MetricsServer;
import dev.clock.net.HostPort;
import dev.clock.net.Listener;
import dev.clock.net.Reasons;
import dev.clock.protocol.DaytimeProtocol;
import dev.clock.protocol.LoopGuard;
import dev.clock.protocol.ProtocolService;
import dev.clock.protocol.TimeProtocol;
import dev.clock.server.ClockServer;
import dev.clock.server.ServerConfig;
import dev.clock.text.Durations;
import dev.clock.tick.Ticker;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    private final MetricsServer metrics;
    /** Read by {@code /healthz}, which is made before this service. */
    private final AtomicBoolean serving;
    private boolean closed;

    /** Package-private: the tests of the close order give it listeners of their own. */
    ClockService(ServeConfig config, AtomicBoolean serving, Ticker ticker, List<Listener> listeners, MetricsServer metrics) {
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
        InetAddress address = resolve(config.bind(), "--bind");
        InetAddress metricsHost = config.metricsPort().isPresent() ? resolve(config.metricsBind(), "--metrics-bind") : null;
        Ticker ticker = new Ticker(config.lines(), config.interval());
        List<Listener> listeners = new ArrayList<>();
        LoopGuard loopGuard = new LoopGuard(); // one per process: each UDP service learns the others' ports
        AccessPolicy access = new AccessPolicy(config.access()); // one for every service: one address, one share
        String option = "--port";
        int port = 0;
        try {
            if (config.streamPort().isPresent()) {
                port = config.streamPort().getAsInt();
                listeners.add(ClockServer.bind(new ServerConfig(new InetSocketAddress(address, port), config.sequential(),
                        config.maxClients(), config.writeTimeout(), config.fanOutThreads()), access, ticker));
            }
            if (config.daytimePort().isPresent()) {
                option = "--daytime";
                port = config.daytimePort().getAsInt();
                DaytimeProtocol daytime = DaytimeProtocol.of(config.daytimeFormat(), config.lines().zone());
                listeners.add(ProtocolService.bind("daytime", "RFC 867", address, port, daytime::encode, ticker.clock(), loopGuard, access));
            }
            if (config.timePort().isPresent()) {
                option = "--time";
                port = config.timePort().getAsInt();
                listeners.add(ProtocolService.bind("time", "RFC 868", address, port, TimeProtocol::encode, ticker.clock(), loopGuard, access));
            }
            AtomicBoolean serving = new AtomicBoolean(true);
            MetricsServer metrics = null;
            if (config.metricsPort().isPresent()) {
                option = "--metrics";
                port = config.metricsPort().getAsInt();
                PrometheusRegistry registry = new PrometheusRegistry();
                ClockMetrics.register(registry, listeners);
                ClockMetrics.registerAccess(registry, access);
                metrics = MetricsServer.start(new InetSocketAddress(metricsHost, port), registry, serving::get);
            }
            return new ClockService(config, serving, ticker, listeners, metrics);
        } catch (IOException e) {
            listeners.forEach(Listener::close);
            String host = option.equals("--metrics") ? config.metricsBind() : config.bind();
            throw new ListenException("cannot listen on " + HostPort.format(host, port) + " (" + option + "): "
                    + Reasons.of(e), e);
        }
    }

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
        return Optional.ofNullable(metrics).map(MetricsServer::address);
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
