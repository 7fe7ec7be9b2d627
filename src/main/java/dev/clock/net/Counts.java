package dev.clock.net;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which of the {@link ServerStats} a listener can ever move, so that the metrics export those
 * series and no others: a series that cannot change says nothing, and a scraper cannot tell it from
 * one that could and did not.
 *
 * @param clients        it holds clients (a gauge of those connected now)
 * @param refusals       the reasons it can turn a client or a request away for
 * @param stalls         it drops clients that stop reading
 * @param acceptFailures it accepts connections, and an accept can fail and be backed off
 * @param ticks          it fans ticks out to its clients
 */
public record Counts(boolean clients, Set<Refusal> refusals, boolean stalls, boolean acceptFailures, boolean ticks) {
    public Counts {
        refusals = refusals.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(refusals));
    }

    /** Every series: what a listener that says nothing of itself exports. */
    public static final Counts ALL = new Counts(true, EnumSet.allOf(Refusal.class), true, true, true);
}
