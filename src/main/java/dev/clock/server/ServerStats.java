package dev.clock.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the server has done, counted without contention on the per-line path: each counter is a
 * {@link LongAdder}, whose cells spread concurrent increments.
 */
public final class ServerStats {
    final LongAdder accepted = new LongAdder();
    final LongAdder refusedFull = new LongAdder();
    final LongAdder droppedSlow = new LongAdder();
    final LongAdder writeErrors = new LongAdder();
    final LongAdder linesWritten = new LongAdder();
    final LongAdder acceptFailures = new LongAdder();

    public long accepted() { return accepted.sum(); }

    public long refusedFull() { return refusedFull.sum(); }

    public long droppedSlow() { return droppedSlow.sum(); }

    public long writeErrors() { return writeErrors.sum(); }

    public long linesWritten() { return linesWritten.sum(); }

    public long acceptFailures() { return acceptFailures.sum(); }
}
