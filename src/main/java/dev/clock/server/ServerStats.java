package dev.clock.server;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * What the server has done. Counters are {@link LongAdder}s, and lines are added once per shard per
 * tick, so counting costs the per-line path nothing.
 */
public final class ServerStats {
    final LongAdder accepted = new LongAdder();
    final LongAdder refusedFull = new LongAdder();
    final LongAdder droppedSlow = new LongAdder();
    final LongAdder writeErrors = new LongAdder();
    final LongAdder linesWritten = new LongAdder();
    final LongAdder acceptFailures = new LongAdder();
    final LongAdder ticks = new LongAdder();
    private volatile Consumer<Duration> fanOutObserver = d -> { };

    public long accepted() { return accepted.sum(); }

    public long refusedFull() { return refusedFull.sum(); }

    public long droppedSlow() { return droppedSlow.sum(); }

    public long writeErrors() { return writeErrors.sum(); }

    public long linesWritten() { return linesWritten.sum(); }

    public long acceptFailures() { return acceptFailures.sum(); }

    public long ticks() { return ticks.sum(); }

    /** For servers outside this package (the protocols): one connection or datagram taken. */
    public void countAccepted() { accepted.increment(); }

    /** One connection or datagram turned away: the server full, or over a rate limit. */
    public void countRefused() { refusedFull.increment(); }

    public void countLine() { linesWritten.increment(); }

    public void countWriteError() { writeErrors.increment(); }

    /** Tells {@code observer}, once per tick, how long after the tick's boundary its last write returned. */
    public void onFanOut(Consumer<Duration> observer) {
        fanOutObserver = Objects.requireNonNull(observer);
    }

    void fanOutDone(Duration sinceBoundary) {
        fanOutObserver.accept(sinceBoundary);
    }
}
