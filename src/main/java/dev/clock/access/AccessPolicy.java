package dev.clock.access;

import dev.clock.net.HostPort;
import dev.clock.net.Refusal;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may connect, and how much, for every service of {@code clock serve}: one mechanism, asked by
 * each listener as a client arrives. xinetd's {@code only_from}/{@code no_access} ({@link Rules}),
 * {@code per_source} and {@code cps}, and a per-source reply rate for the datagram protocols. Every
 * per-source table is bounded, so addresses that change with every packet cannot grow memory, and
 * a refusal is logged at most once a minute per source.
 */
public final class AccessPolicy {
    private static final System.Logger LOG = System.getLogger(AccessPolicy.class.getName());
    static final Duration LOG_PERIOD = Duration.ofMinutes(1);
    /** Sources remembered by each rate table, and by the log's memory of whom it told about. */
    public static final int TABLE_CAPACITY = 65_536;

    /** What the limits are. */
    public record Rules(List<Cidr> allow, List<Cidr> deny, int maxPerSource, double connectsPerSecond, int connectBurst,
                        double datagramsPerSecond, int datagramBurst) {
        public Rules {
            allow = List.copyOf(allow);
            deny = List.copyOf(deny);
        }

        /** Everyone, without limits: for tests and the wiring of services that have none yet. */
        public static Rules open() {
            return new Rules(List.of(), List.of(), Integer.MAX_VALUE, Double.POSITIVE_INFINITY, 1,
                    Double.POSITIVE_INFINITY, 1);
        }
    }

    /** Why a client was turned away, or that it was let in. */
    public enum Verdict {
        ADMITTED(null), DENIED(Refusal.DENIED), TOO_MANY_FROM_SOURCE(Refusal.PER_SOURCE), RATE_LIMITED(Refusal.RATE_LIMITED);

        private final Refusal refusal;

        Verdict(Refusal refusal) {
            this.refusal = refusal;
        }

        /** The refusal it counts as: the {@code reason} label of the refused counter. */
        public Refusal refusal() {
            if (refusal == null) {
                throw new IllegalStateException("an admitted client was not refused");
            }
            return refusal;
        }
    }

    private final Rules rules;
    private final TokenBuckets connects;
    private final TokenBuckets datagrams;
    private final Map<Source, Integer> connected = new ConcurrentHashMap<>();
    private final Map<Source, Long> lastLogged;

    public AccessPolicy(Rules rules) {
        this.rules = rules;
        this.connects = Double.isInfinite(rules.connectsPerSecond()) ? null
                : new TokenBuckets(rules.connectsPerSecond(), rules.connectBurst(), TABLE_CAPACITY);
        this.datagrams = Double.isInfinite(rules.datagramsPerSecond()) ? null
                : new TokenBuckets(rules.datagramsPerSecond(), rules.datagramBurst(), TABLE_CAPACITY);
        this.lastLogged = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Source, Long> eldest) {
                return size() > TABLE_CAPACITY;
            }
        };
    }

    /** Whether the allow and deny lists let {@code address} in: deny wins, and no allow list means everyone. */
    public boolean permits(InetAddress address) {
        for (Cidr c : rules.deny()) {
            if (c.contains(address)) {
                return false;
            }
        }
        if (rules.allow().isEmpty()) {
            return true;
        }
        for (Cidr c : rules.allow()) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A TCP client arrives. When admitted it holds one of its source's places until
     * {@link #disconnected} is called for it, exactly once.
     */
    public Verdict connect(InetAddress address, String protocol) {
        if (!permits(address)) {
            return refused(Verdict.DENIED, address, protocol);
        }
        Source source = Source.of(address);
        if (connects != null && !connects.tryTake(source, System.nanoTime())) {
            return refused(Verdict.RATE_LIMITED, address, protocol);
        }
        boolean[] admitted = new boolean[1];
        connected.compute(source, (s, n) -> {
            int now = n == null ? 0 : n;
            admitted[0] = now < rules.maxPerSource();
            return admitted[0] ? now + 1 : n;
        });
        return admitted[0] ? Verdict.ADMITTED : refused(Verdict.TOO_MANY_FROM_SOURCE, address, protocol);
    }

    /** An admitted TCP client left: its place is free again. */
    public void disconnected(InetAddress address) {
        connected.computeIfPresent(Source.of(address), (s, n) -> n <= 1 ? null : n - 1);
    }

    /**
     * A datagram arrives at a service that limits its rate itself (NTP): only the allow and deny
     * lists apply.
     */
    public Verdict listed(InetAddress address, String protocol) {
        return permits(address) ? Verdict.ADMITTED : refused(Verdict.DENIED, address, protocol);
    }

    /** A datagram arrives: whether to answer it. */
    public Verdict datagram(InetAddress address, String protocol) {
        if (!permits(address)) {
            return refused(Verdict.DENIED, address, protocol);
        }
        if (datagrams != null && !datagrams.tryTake(Source.of(address), System.nanoTime())) {
            return refused(Verdict.RATE_LIMITED, address, protocol);
        }
        return Verdict.ADMITTED;
    }

    /** Sources with a TCP client connected now: bounded by the clients themselves. */
    public int sourcesConnected() {
        return connected.size();
    }

    /** Sources the rate tables remember now: each at most {@link #TABLE_CAPACITY}. */
    public int sourcesRemembered() {
        return (connects == null ? 0 : connects.size()) + (datagrams == null ? 0 : datagrams.size());
    }

    private Verdict refused(Verdict why, InetAddress address, String protocol) {
        Source source = Source.of(address);
        long now = System.nanoTime();
        boolean log;
        synchronized (lastLogged) {
            Long last = lastLogged.get(source);
            log = last == null || now - last > LOG_PERIOD.toNanos();
            if (log) {
                lastLogged.put(source, now);
            }
        }
        if (log) {
            LOG.log(Level.WARNING, protocol + ": refused " + HostPort.format(address) + ": " + describe(why)
                    + " (logged at most once a minute per source)");
        }
        return why;
    }

    private String describe(Verdict why) {
        return switch (why) {
            case DENIED -> "denied by --allow/--deny";
            case TOO_MANY_FROM_SOURCE -> "already " + rules.maxPerSource() + " connections from it (--max-per-source)";
            case RATE_LIMITED -> "over its rate (--max-connect-rate, or the datagram rate)";
            case ADMITTED -> "admitted";
        };
    }
}
