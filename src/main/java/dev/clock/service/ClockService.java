package dev.clock.service;

import dev.clock.access.AccessPolicy;
import dev.clock.activation.HandedOver;
import dev.clock.activation.Inherited;
import dev.clock.activation.UnusableSocketException;
import dev.clock.http.HttpListener;
import dev.clock.metrics.ClockMetrics;
import dev.clock.metrics.MetricsPort;
import dev.clock.metrics.MetricsSite;
import dev.clock.net.HostPort;
import dev.clock.net.Listener;
import dev.clock.net.Reasons;
import dev.clock.net.Sockets;
import dev.clock.tcp.ClientPlaces;
import dev.clock.text.Durations;
import dev.clock.tick.Ticker;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code clock serve} below the command line: one ticker, the {@link Door}s the config asks for,
 * and the metrics over them, with the whole lifecycle in one place.
 * <ol>
 * <li>{@link #open}: opens every door, in the list's order, on sockets handed over for it by name
 *     or else bound here (every one with {@code --reuse-port} when asked), or opens none (a failure
 *     closes what was opened and names the door's option);</li>
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
        List<HandedOver> handedOver;
        try {
            handedOver = Inherited.all();
        } catch (IOException e) {
            throw new ListenException("cannot serve the sockets handed over: "
                    + (e instanceof UnusableSocketException ? e.getMessage() : Reasons.of(e)), e);
        }
        return open(config, handedOver, List.of());
    }

    /**
     * As {@link #open(ServeConfig)}, on the sockets {@code handedOver} (by systemd or inetd), each
     * served by the door it is named after, and with {@code extra} doors after the standard ones:
     * how a protocol that is not an option of {@code clock serve} (a test's) is served by the service.
     */
    static ClockService open(ServeConfig config, List<HandedOver> handedOver, List<Door> extra) throws ListenException {
        List<Door> doors = new ArrayList<>(Door.STANDARD);
        doors.addAll(extra);
        List<Door> enabled = doors.stream().filter(d -> d.port(config).isPresent()).toList();
        Map<String, DoorSockets> handed = HandedSockets.byDoor(config, handedOver, enabled);
        Map<String, Integer> ports = new LinkedHashMap<>();
        enabled.forEach(d -> ports.put(d.option(), d.port(config).getAsInt()));
        config.metricsPort().ifPresent(p -> ports.put("--metrics", p));
        try {
            ServeConfig.Builder.checkDistinct(ports);
        } catch (ConfigException e) {
            handed.values().forEach(DoorSockets::close);
            throw new ListenException(e.getMessage(), e);
        }
        InetAddress address = resolve(config.bind(), "--bind");
        InetAddress metricsHost = config.metricsPort().isPresent() ? resolve(config.metricsBind(), "--metrics-bind") : null;
        Ticker ticker = new Ticker(config.lines(), config.interval());
        // One policy for every door: one address, one share; its loop guard learns every UDP door's port.
        Shared shared = new Shared(config, ticker, new AccessPolicy(config.access()), new ClientPlaces(config.maxClients()));
        CompletableFuture<Void> ended = new CompletableFuture<>();
        List<Listener> listeners = new ArrayList<>();
        Map<Listener, Door> doorOf = new LinkedHashMap<>();
        try {
            for (Door door : enabled) {
                Listener listener = open(door, handed.get(door.name()), address, shared);
                listeners.add(listener);
                doorOf.put(listener, door);
                listener.ended().thenRun(() -> {
                    LOG.log(Level.INFO, "clock serve: the client left; stopping");
                    ended.complete(null);
                });
            }
            AtomicBoolean serving = new AtomicBoolean(true);
            Listener metrics = null;
            if (config.metricsPort().isPresent()) {
                int port = config.metricsPort().getAsInt();
                PrometheusRegistry registry = new PrometheusRegistry();
                ClockMetrics.register(registry, listeners);
                doorOf.forEach((listener, door) -> door.registerMetrics(registry, listener));
                ClockMetrics.registerAccess(registry, shared.access());
                DoorSockets handedMetrics = handed.get(HandedSockets.METRICS);
                try {
                    ServerSocketChannel listening = handedMetrics != null ? handedMetrics.tcp()
                            : Sockets.listen(new InetSocketAddress(metricsHost, port),
                                    Sockets.Options.receiveBuffer(HttpListener.RECEIVE_BUFFER_BYTES).withReusePort(config.reusePort()));
                    metrics = MetricsPort.on(listening, MetricsSite.site(registry, serving::get), config.access(),
                            config.writeTimeout());
                } catch (IOException e) {
                    throw cannotListen(config, config.metricsBind(), port, "--metrics", e);
                }
            }
            return new ClockService(config, serving, ticker, listeners, metrics, ended);
        } catch (ListenException | RuntimeException e) {
            listeners.forEach(Listener::close);
            handed.values().forEach(DoorSockets::close); // those no listener took yet
            throw e;
        }
    }

    /** {@code door}'s listener, on the sockets handed over for it or else on ones bound here as it asks. */
    private static Listener open(Door door, DoorSockets handed, InetAddress address, Shared shared) throws ListenException {
        int port = door.port(shared.config()).getAsInt();
        DoorSockets sockets;
        try {
            sockets = handed != null ? handed : bind(door, new InetSocketAddress(address, port), shared.config().reusePort());
        } catch (IOException e) {
            throw cannotListen(shared.config(), shared.config().bind(), port, door.option(), e);
        }
        try {
            return door.open(sockets, shared);
        } catch (IOException e) {
            sockets.close();
            throw cannotListen(shared.config(), shared.config().bind(), port, door.option(), e);
        } catch (RuntimeException e) {
            sockets.close();
            throw e;
        }
    }

    /** The one-line error for a port that cannot be had: the address, the option that asked for it, the reason. */
    private static ListenException cannotListen(ServeConfig config, String host, int port, String option, IOException e) {
        return new ListenException("cannot listen on " + HostPort.format(host, port) + " (" + option + "): "
                + Reasons.of(e) + sharingHint(config, option, e), e);
    }

    /**
     * Binds what {@code door} needs at {@code address}, every socket with {@code --reuse-port} when
     * asked. TCP and UDP take one port: for port 0, the free TCP port taken for UDP is tried again.
     */
    private static DoorSockets bind(Door door, InetSocketAddress address, boolean reusePort) throws IOException {
        for (int attempt = 0; ; attempt++) {
            ServerSocketChannel tcp = door.tcp() == null ? null : Sockets.listen(address, door.tcp().withReusePort(reusePort));
            InetSocketAddress at = tcp == null ? address : (InetSocketAddress) tcp.getLocalAddress();
            try {
                DatagramChannel udp = door.udp() == null ? null : Sockets.datagram(at, door.udp().withReusePort(reusePort));
                return DoorSockets.bound(tcp, udp);
            } catch (IOException e) {
                if (tcp != null) {
                    tcp.close();
                }
                if (!(e instanceof BindException) || address.getPort() != 0 || tcp == null || attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    /** A port in use while sharing it was asked for: whoever holds it did not ask, or is another user. */
    private static String sharingHint(ServeConfig config, String option, IOException e) {
        if (!config.reusePort() || "--metrics".equals(option) || !(e instanceof BindException)) {
            return "";
        }
        return "; a shared port needs --reuse-port in every process that binds it, all run by the same user";
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
