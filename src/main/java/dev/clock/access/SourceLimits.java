package dev.clock.access;

import java.net.InetAddress;

/**
 * A {@link Gcra} per {@link Source}, in a {@link SourceTable}: a source forgotten to make room
 * starts again with its whole burst, the price of a bounded table; an attacker with more addresses
 * than the table holds gets a burst from each, no more than as many real machines would.
 * Thread-safe.
 */
public final class SourceLimits {
    private final Gcra rate;
    /** Per source: its TAT, and how many of its requests in a row were refused. */
    private final SourceTable table;

    public SourceLimits(Gcra rate, int capacity) {
        this.rate = rate;
        this.table = new SourceTable(capacity);
    }

    /**
     * Counts a request from {@code address} at {@code now} (of {@link System#nanoTime()}) against its
     * source's rate.
     *
     * @return 0 when it is let through; else how many of the source's requests in a row have been
     *         refused, this one included (1 for the first over its rate)
     */
    public long take(InetAddress address, long now) {
        return take(address.getAddress(), now);
    }

    /** As {@link #take(InetAddress, long)}, for an address's 4 or 16 bytes. */
    synchronized long take(byte[] a, long now) {
        int slot = table.slot(Source.high(a), Source.low(a));
        long tat = table.added() ? now : table.first(slot);
        if (rate.allows(tat, now)) {
            table.first(slot, rate.after(tat, now));
            table.second(slot, 0);
            return 0;
        }
        long refused = table.second(slot) + 1;
        table.second(slot, refused);
        return refused;
    }

    /** Sources remembered now: never more than the capacity. */
    public synchronized int size() {
        return table.size();
    }
}
