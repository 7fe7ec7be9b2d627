package dev.clock.service;

import dev.clock.access.AccessPolicy;
import dev.clock.access.Cidr;
import dev.clock.client.ClockDefaults;
import dev.clock.ntp.NtpConfig;
import dev.clock.protocol.DaytimeProtocol;
import dev.clock.text.Durations;
import dev.clock.tick.TickFormat;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Every option of {@code clock serve}, typed, with its default and its check in this one place.
 * Made by {@link Builder#build()}, which refuses any value or combination that cannot work with a
 * {@link ConfigException} saying what to write instead; a config that exists is valid.
 *
 * @param bind           the host every service listens on
 * @param streamPort     the streaming clock's TCP port (0: a free one), empty with {@code --no-stream}
 * @param lines          the stream's line: a java.time pattern in a zone
 * @param interval       time between ticks; ticks fall on its multiples since the epoch
 * @param sequential     one client at a time, as the book's clock1
 * @param maxClients     stream clients served at once
 * @param writeTimeout   how long a client's line may stay unsent before it is dropped as stalled
 * @param fanOutThreads  threads that write each tick, each to its own share of the clients
 * @param daytimePort    RFC 867 over TCP and UDP, if asked for
 * @param daytimeFormat  {@code rfc867}, {@code rfc3339} or a java.time pattern
 * @param timePort       RFC 868 over TCP and UDP, if asked for
 * @param ntpPort        NTP (RFC 5905 server mode) over UDP, if asked for
 * @param ntp            how NTP answers: its stratum and rate limits
 * @param httpPort       the clock in a browser: a page, its Server-Sent Events and {@code /now}, if asked for
 * @param metricsPort    Prometheus {@code /metrics} and {@code /healthz}, if asked for
 * @param metricsBind    the host the metrics listen on: private unless opened on purpose
 * @param drain          on a stop signal, how long to keep serving with {@code /healthz} at 503
 * @param access         who may connect, and how much, for every service
 * @param reusePort      share the stream's port with other processes that ask for it too
 *                       (SO_REUSEPORT): the kernel spreads new connections over them, and a new
 *                       version can take over the port before the old one stops
 */
public record ServeConfig(String bind, OptionalInt streamPort, TickFormat lines, Duration interval, boolean sequential,
                          int maxClients, Duration writeTimeout, int fanOutThreads,
                          OptionalInt daytimePort, String daytimeFormat, OptionalInt timePort,
                          OptionalInt ntpPort, NtpConfig ntp, OptionalInt httpPort, OptionalInt metricsPort, String metricsBind,
                          Duration drain, AccessPolicy.Rules access, boolean reusePort) {

    public static final String DEFAULT_BIND = "localhost";
    public static final int DEFAULT_PORT = ClockDefaults.PORT;
    public static final String DEFAULT_FORMAT = TickFormat.DEFAULT_PATTERN;
    public static final String DEFAULT_WRITE_TIMEOUT = "10s";
    public static final String DEFAULT_DRAIN = "0s";
    public static final String DEFAULT_METRICS_BIND = "localhost";
    /**
     * TCP clients at once from one address (an IPv6 /64): one address cannot take more than a
     * sliver of the ~19,900 places, a LAN's machines each have their own address, and the
     * benchmark spreads its clients over loopback addresses ({@code clock load --sources}).
     */
    public static final int DEFAULT_MAX_PER_SOURCE = 100;
    /** New TCP connections a second from one address, with a burst of twice that. */
    public static final int DEFAULT_MAX_CONNECT_RATE = 50;
    /** UDP requests answered a second for one address, with a burst of twice that. */
    public static final int DEFAULT_MAX_DATAGRAM_RATE = 20;

    /** More fan-out threads than this buy nothing on any machine and would let a typo fork thousands. */
    public static final int MAX_FANOUT_THREADS = 256;

    public ServeConfig {
        Objects.requireNonNull(bind);
        Objects.requireNonNull(lines);
        Objects.requireNonNull(interval);
        Objects.requireNonNull(writeTimeout);
        Objects.requireNonNull(daytimeFormat);
        Objects.requireNonNull(drain);
        Objects.requireNonNull(metricsBind);
        Objects.requireNonNull(access);
        Objects.requireNonNull(ntp);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The services' ports by the option that set them, in the order they are bound. */
    public Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        streamPort.ifPresent(p -> ports.put("--port", p));
        daytimePort.ifPresent(p -> ports.put("--daytime", p));
        timePort.ifPresent(p -> ports.put("--time", p));
        ntpPort.ifPresent(p -> ports.put("--ntp", p));
        httpPort.ifPresent(p -> ports.put("--http", p));
        metricsPort.ifPresent(p -> ports.put("--metrics", p));
        return ports;
    }

    /** The port the option {@code option} ({@code --port}, {@code --http}) set, or empty if it is not served. */
    public OptionalInt port(String option) {
        Integer port = ports().get(option);
        return port == null ? OptionalInt.empty() : OptionalInt.of(port);
    }

    /** The defaults of {@code clock serve}, each settable; {@link #build()} checks them together. */
    public static final class Builder {
        private String bind = DEFAULT_BIND;
        private int port = DEFAULT_PORT;
        private boolean stream = true;
        private ZoneId zone = ZoneId.systemDefault();
        private String format = DEFAULT_FORMAT;
        private Duration interval = Duration.ofSeconds(1);
        private boolean sequential;
        private Integer maxClients;
        private Duration writeTimeout = Durations.parse(DEFAULT_WRITE_TIMEOUT);
        private Integer fanOutThreads;
        private Integer daytimePort;
        private String daytimeFormat;
        private Integer timePort;
        private Integer metricsPort;
        private Integer ntpPort;
        private Integer ntpStratum;
        private boolean ntpRateLimit = true;
        private Integer httpPort;
        private Duration drain = Durations.parse(DEFAULT_DRAIN);
        private String metricsBind = DEFAULT_METRICS_BIND;
        private List<String> allow = List.of();
        private List<String> deny = List.of();
        private Integer maxPerSource;
        private Integer maxConnectRate;
        private Integer maxDatagramRate;
        private boolean reusePort;

        private Builder() {
        }

        public Builder bind(String host) { this.bind = host; return this; }

        public Builder port(int port) { this.port = port; return this; }

        public Builder stream(boolean serve) { this.stream = serve; return this; }

        public Builder zone(ZoneId zone) { this.zone = zone; return this; }

        public Builder format(String pattern) { this.format = pattern; return this; }

        public Builder interval(Duration interval) { this.interval = interval; return this; }

        public Builder sequential(boolean sequential) { this.sequential = sequential; return this; }

        /** Null: what the open-file limit allows, less a margin. */
        public Builder maxClients(Integer n) { this.maxClients = n; return this; }

        public Builder writeTimeout(Duration timeout) { this.writeTimeout = timeout; return this; }

        /** Null: one per core. */
        public Builder fanOutThreads(Integer n) { this.fanOutThreads = n; return this; }

        public Builder daytime(Integer port) { this.daytimePort = port; return this; }

        /** Null: rfc867. Given without {@link #daytime}, it is an error: it would do nothing. */
        public Builder daytimeFormat(String format) { this.daytimeFormat = format; return this; }

        public Builder time(Integer port) { this.timePort = port; return this; }

        public Builder metrics(Integer port) { this.metricsPort = port; return this; }

        public Builder ntp(Integer port) { this.ntpPort = port; return this; }

        /** Null: {@link NtpConfig#DEFAULTS}'s. Given without {@link #ntp}, it is an error: it would do nothing. */
        public Builder ntpStratum(Integer stratum) { this.ntpStratum = stratum; return this; }

        /** False: NTP answers every request, however many (a benchmark, or a network that limits it). */
        public Builder ntpRateLimit(boolean limited) { this.ntpRateLimit = limited; return this; }

        public Builder http(Integer port) { this.httpPort = port; return this; }

        public Builder drain(Duration drain) { this.drain = drain; return this; }

        public Builder metricsBind(String host) { this.metricsBind = host; return this; }

        /** Address blocks ({@code 192.0.2.0/24}, a bare address); none means everyone. */
        public Builder allow(List<String> blocks) { this.allow = List.copyOf(blocks); return this; }

        /** Address blocks refused whatever {@link #allow} says. */
        public Builder deny(List<String> blocks) { this.deny = List.copyOf(blocks); return this; }

        /** Null: {@link #DEFAULT_MAX_PER_SOURCE}. */
        public Builder maxPerSource(Integer n) { this.maxPerSource = n; return this; }

        /** Null: {@link #DEFAULT_MAX_CONNECT_RATE}. */
        public Builder maxConnectRate(Integer perSecond) { this.maxConnectRate = perSecond; return this; }

        /** Null: {@link #DEFAULT_MAX_DATAGRAM_RATE}. */
        public Builder maxDatagramRate(Integer perSecond) { this.maxDatagramRate = perSecond; return this; }

        public Builder reusePort(boolean share) { this.reusePort = share; return this; }

        /** @throws ConfigException saying what cannot work and what to write instead */
        public ServeConfig build() {
            if (bind == null || bind.isBlank()) {
                throw new ConfigException("--bind is empty: give a host or address, e.g. localhost, 0.0.0.0 or ::");
            }
            TickFormat lines = lines();
            checkPositive("--interval", interval);
            checkPositive("--write-timeout", writeTimeout);
            if (drain.isNegative()) {
                throw new ConfigException("--drain is negative: give 0s or more, e.g. 5s");
            }
            int max = maxClients != null ? maxClients : DescriptorLimit.defaultMaxClients();
            if (max < 1) {
                throw new ConfigException("--max-clients must be at least 1, not " + max);
            }
            // One per core: measured at 19,000 clients on two cores, two threads beat one on lag and
            // on CPU per line (docs/benchmarks.md, "Fan-out threads").
            int threads = fanOutThreads != null ? fanOutThreads : Runtime.getRuntime().availableProcessors();
            if (threads < 1 || threads > MAX_FANOUT_THREADS) {
                throw new ConfigException("--fanout-threads must be from 1 to " + MAX_FANOUT_THREADS + ", not " + threads
                        + " (one per core is the default and usually best)");
            }
            if (daytimeFormat != null && daytimePort == null) {
                throw new ConfigException("--daytime-format needs --daytime PORT: without it there is no Daytime service to format");
            }
            String daytime = daytimeFormat != null ? daytimeFormat : DaytimeProtocol.RFC867;
            if (daytime.isBlank()) {
                throw new ConfigException("--daytime-format is empty: use rfc867, rfc3339 or a java.time pattern");
            }
            try {
                DaytimeProtocol.of(daytime, zone);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--daytime-format '" + daytime + "' is not rfc867, rfc3339 or a java.time pattern: "
                        + e.getMessage());
            }
            if (!stream && daytimePort == null && timePort == null && ntpPort == null && httpPort == null) {
                throw new ConfigException("--no-stream leaves nothing to serve: add --daytime PORT, --time PORT, --ntp PORT or --http PORT");
            }
            if (ntpStratum != null && ntpPort == null) {
                throw new ConfigException("--ntp-stratum needs --ntp PORT: without it there is no NTP service to tell");
            }
            NtpConfig ntp;
            try {
                ntp = ntpStratum == null ? NtpConfig.DEFAULTS : NtpConfig.DEFAULTS.withStratum(ntpStratum);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--ntp-stratum: " + e.getMessage());
            }
            if (!ntpRateLimit) {
                if (ntpPort == null) {
                    throw new ConfigException("--no-ntp-rate-limit needs --ntp PORT: without it there is no NTP service to lift it from");
                }
                ntp = ntp.withoutRateLimit();
            }
            if (metricsBind == null || metricsBind.isBlank()) {
                throw new ConfigException("--metrics-bind is empty: give a host, e.g. localhost, or 0.0.0.0 for a scraper elsewhere");
            }
            ServeConfig config = new ServeConfig(bind.strip(), stream ? OptionalInt.of(port) : OptionalInt.empty(), lines,
                    interval, sequential, max, writeTimeout, threads, optional(daytimePort), daytime, optional(timePort),
                    optional(ntpPort), ntp, optional(httpPort), optional(metricsPort), metricsBind.strip(), drain, access(),
                    reusePort);
            checkDistinct(config.ports());
            return config;
        }

        private AccessPolicy.Rules access() {
            int perSource = positive("--max-per-source", maxPerSource, DEFAULT_MAX_PER_SOURCE);
            int connects = positive("--max-connect-rate", maxConnectRate, DEFAULT_MAX_CONNECT_RATE);
            int datagrams = positive("--max-udp-rate", maxDatagramRate, DEFAULT_MAX_DATAGRAM_RATE);
            return new AccessPolicy.Rules(blocks("--allow", allow), blocks("--deny", deny), perSource,
                    connects, 2 * connects, datagrams, 2 * datagrams);
        }

        private static int positive(String option, Integer value, int fallback) {
            int n = value == null ? fallback : value;
            if (n < 1) {
                throw new ConfigException(option + " must be at least 1, not " + n);
            }
            return n;
        }

        private static List<Cidr> blocks(String option, List<String> texts) {
            List<Cidr> blocks = new ArrayList<>();
            for (String text : texts) {
                try {
                    blocks.add(Cidr.parse(text));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(option + ": " + e.getMessage());
                }
            }
            return blocks;
        }

        private TickFormat lines() {
            if (format == null || format.isEmpty()) {
                throw new ConfigException("--format is empty: give a java.time pattern, e.g. HH:mm:ss");
            }
            if (format.chars().anyMatch(Character::isISOControl)) {
                throw new ConfigException("--format has a control character (a newline?): each tick is one line, "
                        + "which the server ends itself; give e.g. HH:mm:ss");
            }
            var go = GoLayout.translate(format);
            if (go.isPresent()) {
                throw new ConfigException("--format '" + format + "' is a Go layout, which java.time would print as it is: "
                        + "write '" + go.get() + "'");
            }
            TickFormat lines;
            try {
                lines = TickFormat.of(format, zone);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--format '" + format + "' is not a java.time pattern: " + e.getMessage()
                        + "; e.g. HH:mm:ss");
            }
            if (!hasField(format)) {
                throw new ConfigException("--format '" + format + "' has no date or time field, so every line would be the same: "
                        + "use pattern letters, e.g. HH:mm:ss");
            }
            return lines;
        }

        /** Whether a pattern has a letter outside quotes, i.e. a field that changes. */
        private static boolean hasField(String pattern) {
            boolean quoted = false;
            for (char c : pattern.toCharArray()) {
                if (c == '\'') {
                    quoted = !quoted;
                } else if (!quoted && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                    return true;
                }
            }
            return false;
        }

        private static void checkPositive(String option, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new ConfigException(option + " must be more than 0, e.g. 1s or 250ms");
            }
        }

        private static OptionalInt optional(Integer port) {
            return port == null ? OptionalInt.empty() : OptionalInt.of(port);
        }

        /** Two services cannot share a port (0, a free port each, excepted): caught before anything is bound. */
        static void checkDistinct(Map<String, Integer> ports) {
            List<Map.Entry<String, Integer>> seen = new ArrayList<>();
            for (Map.Entry<String, Integer> p : ports.entrySet()) {
                for (Map.Entry<String, Integer> earlier : seen) {
                    if (p.getValue() != 0 && p.getValue().equals(earlier.getValue())) {
                        throw new ConfigException(earlier.getKey() + " and " + p.getKey() + " both ask for port " + p.getValue()
                                + ": give each service a port of its own");
                    }
                }
                seen.add(p);
            }
        }
    }
}
