package dev.clock.access;

import dev.clock.net.HostPort;
import dev.clock.net.Refusal;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Who may connect, and how much, for every service of {@code clock serve}: one mechanism, asked by
 * each listener as a client arrives. xinetd's {@code only_from}/{@code no_access} ({@link Rules}),
 * {@code per_source} and {@code cps}, and a per-source reply rate for the datagram protocols. Every
 * per-source table is bounded, so addresses that change with every packet cannot grow memory, and
 * refusals are logged within a bound ({@link RefusalLog}). Which source ports the datagram doors
 * answer is its {@link #loopGuard()}'s, shared by them all. A source is an IPv4 address or an IPv6
 * /64 ({@link Source}).
 */
public final class AccessPolicy {
    private static final System.Logger LOG = System.getLogger(AccessPolicy.class.getName());
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
    private final LongSupplier nanoTime;
    private final SourceLimits connects;
    private final SourceLimits datagrams;
    private final Map<Source, Integer> connected = new ConcurrentHashMap<>();
    private final RefusalLog log;
    private final LoopGuard loopGuard = new LoopGuard();

    public AccessPolicy(Rules rules) {
        this(rules, System::nanoTime);
    }

    /** @param nanoTime the clock of its rates and its log, {@code System::nanoTime} but in tests */
    public AccessPolicy(Rules rules, LongSupplier nanoTime) {
        this.rules = rules;
        this.nanoTime = nanoTime;
        this.connects = Double.isInfinite(rules.connectsPerSecond()) ? null
                : new SourceLimits(Gcra.perSecond(rules.connectsPerSecond(), rules.connectBurst()), TABLE_CAPACITY);
        this.datagrams = Double.isInfinite(rules.datagramsPerSecond()) ? null
                : new SourceLimits(Gcra.perSecond(rules.datagramsPerSecond(), rules.datagramBurst()), TABLE_CAPACITY);
        this.log = new RefusalLog(LOG, nanoTime, TABLE_CAPACITY);
    }

    /** Which source ports every datagram door of the process leaves unanswered: each registers its own with it. */
    public LoopGuard loopGuard() {
        return loopGuard;
    }

    /** Whether the allow and deny lists let {@code address} in: deny wins, and no allow list means everyone. */
    public boolean permits(InetAddress address) {
        return permits(address.getAddress());
    }

    /** As {@link #permits(InetAddress)}, for the bytes of an address read once per request. */
    private boolean permits(byte[] address) {
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
        byte[] bytes = address.getAddress();
        if (!permits(bytes)) {
            return refused(Verdict.DENIED, address, bytes, protocol);
        }
        if (connects != null && connects.take(bytes, nanoTime.getAsLong()) != 0) {
            return refused(Verdict.RATE_LIMITED, address, bytes, protocol);
        }
        boolean[] admitted = new boolean[1];
        connected.compute(new Source(Source.high(bytes), Source.low(bytes)), (s, n) -> {
            int now = n == null ? 0 : n;
            admitted[0] = now < rules.maxPerSource();
            return admitted[0] ? now + 1 : n;
        });
        return admitted[0] ? Verdict.ADMITTED : refused(Verdict.TOO_MANY_FROM_SOURCE, address, bytes, protocol);
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
        byte[] bytes = address.getAddress();
        return permits(bytes) ? Verdict.ADMITTED : refused(Verdict.DENIED, address, bytes, protocol);
    }

    /** A datagram arrives: whether to answer it. */
    public Verdict datagram(InetAddress address, String protocol) {
        // The address's bytes are read once, for every rule and table: the JDK copies them on each read.
        byte[] bytes = address.getAddress();
        if (!permits(bytes)) {
            return refused(Verdict.DENIED, address, bytes, protocol);
        }
        if (datagrams != null && datagrams.take(bytes, nanoTime.getAsLong()) != 0) {
            return refused(Verdict.RATE_LIMITED, address, bytes, protocol);
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

    private Verdict refused(Verdict why, InetAddress address, byte[] bytes, String protocol) {
        if (log.refused(bytes, why.refusal())) {
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
