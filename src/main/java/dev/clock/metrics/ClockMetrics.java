package dev.clock.metrics;

import dev.clock.access.AccessPolicy;
import dev.clock.net.Counts;
import dev.clock.net.Listener;
import dev.clock.net.Refusal;
import dev.clock.net.ServerStats;
import dev.clock.ntp.NtpDrop;
import dev.clock.ntp.NtpServer;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.function.ToLongFunction;

/**
 * The server's metrics, named by Prometheus conventions. Counters and gauges read the server's own
 * {@link ServerStats} when scraped, so counting costs the per-line path nothing more than the
 * server already spends; the fan-out histogram takes one observation per tick.
 */
public final class ClockMetrics {

    private ClockMetrics() {
    }

    /** What each reason means, for the refused counter's HELP. */
    private static final Map<Refusal, String> REASONS = new EnumMap<>(Map.of(
            Refusal.FULL, "full (--max-clients)",
            Refusal.DENIED, "denied (--allow, --deny)",
            Refusal.PER_SOURCE, "per_source (--max-per-source)",
            Refusal.RATE_LIMITED, "rate_limited (--max-connect-rate, --max-udp-rate, a protocol's own rate)",
            Refusal.SOURCE_PORT, "source_port (a datagram from a service's port)"));

    /**
     * Registers the clock's metrics for {@code listeners}, and the JVM's own, in {@code registry}:
     * of each listener, only the series its {@link Listener#counts()} says can move.
     */
    public static void register(PrometheusRegistry registry, List<? extends Listener> listeners) {
        GaugeWithCallback.builder()
                .name("clock_clients_connected").help("Clients connected now.")
                .labelNames("protocol")
                .callback(cb -> listeners.forEach(s -> {
                    if (s.counts().clients()) {
                        cb.call(s.connected(), s.protocol());
                    }
                }))
                .register(registry);
        counter(registry, listeners, "clock_connections_accepted_total",
                "Connections (or datagrams) taken, whether then served or refused.", ServerStats::acceptedCount);
        CounterWithCallback.builder()
                .name("clock_connections_refused_total")
                .help("Connections or requests turned away, by reason: " + reasons(listeners) + ".")
                .labelNames("protocol", "reason")
                .callback(cb -> listeners.forEach(s -> {
                    for (Refusal why : Refusal.values()) {
                        if (s.counts().refusals().contains(why)) {
                            cb.call(s.stats().refusedCount(why), s.protocol(), why.label());
                        }
                    }
                }))
                .register(registry);
        counter(registry, listeners, Counts::stalls, "clock_clients_dropped_total",
                "Clients dropped because they stopped reading (--write-timeout).", ServerStats::droppedStalledCount);
        counter(registry, listeners, "clock_write_errors_total",
                "Writes that failed, most often because the client had gone.", ServerStats::writeErrorCount);
        counter(registry, listeners, "clock_lines_written_total", "Time lines (or protocol replies) written whole to clients.",
                ServerStats::lineCount);
        counter(registry, listeners, Counts::acceptFailures, "clock_accept_failures_total",
                "Failed accepts (out of descriptors or buffers), each followed by a back-off.", ServerStats::acceptFailureCount);
        counter(registry, listeners, Counts::ticks, "clock_ticks_total", "Ticks delivered to the clients.", ServerStats::tickCount);

        // Only listeners that fan ticks out observe it; the others leave their series empty.
        Histogram fanOut = Histogram.builder()
                .name("clock_tick_fanout_seconds")
                .help("From a tick's boundary until the write to its last client returned.")
                .unit(Unit.SECONDS)
                .labelNames("protocol")
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
                .register(registry);
        for (Listener source : listeners) {
            if (!source.counts().ticks()) {
                continue;
            }
            var series = fanOut.labelValues(source.protocol());
            source.stats().onFanOut(d -> series.observe(d.toNanos() / 1e9));
        }
        JvmMetrics.builder().register(registry);
    }

    /** How much the access policy remembers: its tables are bounded, and this shows it. */
    public static void registerAccess(PrometheusRegistry registry, AccessPolicy access) {
        GaugeWithCallback.builder()
                .name("clock_access_sources_remembered")
                .help("Source addresses the per-source rate tables remember now (bounded).")
                .callback(cb -> cb.call(access.sourcesRemembered()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("clock_access_sources_connected")
                .help("Source addresses with a TCP client connected now.")
                .callback(cb -> cb.call(access.sourcesConnected()))
                .register(registry);
    }

    /** What only NTP counts: its drops by reason, its Kiss-o'-Death replies, the addresses its rate limit remembers. */
    public static void registerNtp(PrometheusRegistry registry, NtpServer ntp) {
        CounterWithCallback.builder()
                .name("clock_ntp_dropped_total")
                .help("NTP datagrams dropped without a reply, by reason (malformed, not a client request, "
                        + "from a service's port, over the rate limit).")
                .labelNames("reason")
                .callback(cb -> {
                    for (NtpDrop reason : NtpDrop.values()) {
                        cb.call(ntp.droppedCount(reason), reason.label());
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("clock_ntp_kiss_of_death_total")
                .help("Kiss-o'-Death RATE replies sent to NTP clients over their rate limit.")
                .callback(cb -> cb.call(ntp.kissOfDeathCount()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("clock_ntp_rate_table_addresses")
                .help("Client addresses the NTP rate limit remembers now (bounded).")
                .callback(cb -> cb.call(ntp.rateTableSize()))
                .register(registry);
    }

    private static void counter(PrometheusRegistry registry, List<? extends Listener> listeners, String name, String help,
                                ToLongFunction<ServerStats> value) {
        counter(registry, listeners, counts -> true, name, help, value);
    }

    /** A counter with a series for each listener that can move it. */
    private static void counter(PrometheusRegistry registry, List<? extends Listener> listeners, Predicate<Counts> counts,
                                String name, String help, ToLongFunction<ServerStats> value) {
        CounterWithCallback.builder()
                .name(name).help(help)
                .labelNames("protocol")
                .callback(cb -> listeners.forEach(s -> {
                    if (counts.test(s.counts())) {
                        cb.call(value.applyAsLong(s.stats()), s.protocol());
                    }
                }))
                .register(registry);
    }

    /** Every reason some listener can count, in the order of {@link Refusal}, each with what it means. */
    static String reasons(List<? extends Listener> listeners) {
        Set<Refusal> exported = EnumSet.noneOf(Refusal.class);
        listeners.forEach(s -> exported.addAll(s.counts().refusals()));
        return exported.isEmpty() ? "none can happen here"
                : exported.stream().map(REASONS::get).collect(Collectors.joining(", "));
    }
}
