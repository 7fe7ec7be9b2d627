package dev.clock.net;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * What one listener has done, counted by its named operations and read by the metrics. Counters
 * are {@link LongAdder}s and a fan-out adds its lines once per shard per tick, so counting costs
 * the per-line path nothing.
 *
 * <p>One meaning for every protocol: a connection or a datagram is <em>accepted</em> when it was
 * taken from the kernel, whether it is then served or <em>refused</em>.
 */
public final class ServerStats {
    private final LongAdder accepted = new LongAdder();
    private final Map<Refusal, LongAdder> refused = new EnumMap<>(Refusal.class);
    private final LongAdder droppedStalled = new LongAdder();
    private final LongAdder writeErrors = new LongAdder();
    private final LongAdder lines = new LongAdder();
    private final LongAdder acceptFailures = new LongAdder();
    private final LongAdder ticks = new LongAdder();
    private volatile Consumer<Duration> fanOutObserver = d -> { };

    public ServerStats() {
        for (Refusal r : Refusal.values()) {
            refused.put(r, new LongAdder());
        }
    }

    /** A connection or datagram taken from the kernel, before it is served or refused. */
    public void accepted() {
        accepted.increment();
    }

    /** Turned away, and why. */
    public void refused(Refusal why) {
        refused.get(why).increment();
    }

    /** A client dropped because it stopped reading: its line stayed unsent past the write timeout. */
    public void droppedStalled() {
        droppedStalled.increment();
    }

    /** A write that failed, most often because the client had gone. */
    public void writeFailed() {
        writeErrors.increment();
    }

    /** A line (or a protocol's reply) written whole. */
    public void lineWritten() {
        lines.increment();
    }

    /** An accept that failed (out of descriptors, say) and was backed off. */
    public void acceptFailed() {
        acceptFailures.increment();
    }

    /**
     * A tick delivered to every client: {@code lines} written whole, the last write returning
     * {@code sinceBoundary} after the tick's boundary.
     */
    public void tickDelivered(long lines, Duration sinceBoundary) {
        ticks.increment();
        this.lines.add(lines);
        fanOutObserver.accept(sinceBoundary);
    }

    /** Tells {@code observer}, once per tick, how long after the tick's boundary its last write returned. */
    public void onFanOut(Consumer<Duration> observer) {
        fanOutObserver = Objects.requireNonNull(observer);
    }

    public long acceptedCount() { return accepted.sum(); }

    public long refusedCount(Refusal why) { return refused.get(why).sum(); }

    public long refusedCount() {
        return refused.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long droppedStalledCount() { return droppedStalled.sum(); }

    public long writeErrorCount() { return writeErrors.sum(); }

    public long lineCount() { return lines.sum(); }

    public long acceptFailureCount() { return acceptFailures.sum(); }

    public long tickCount() { return ticks.sum(); }
}
