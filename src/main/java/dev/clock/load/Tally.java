package dev.clock.load;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Everything the readers observed inside the hold window, counted from every reader thread at once. */
final class Tally {
    private final long intervalNanos;
    /** UTC wall time, as nanoseconds of the day, at {@link #monotonicBase}: arrival times derive from both. */
    private final long wallBaseNanosOfDay;
    private final long monotonicBase;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    final LagHistogram lags = new LagHistogram();
    final LongAdder lines = new LongAdder();
    final LongAdder next = new LongAdder();
    final LongAdder repeated = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder skippedIntervals = new LongAdder();
    final LongAdder backwards = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder connected = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder closedEarly = new LongAdder();
    final AtomicReference<String> firstFailure = new AtomicReference<>();
    final AtomicReference<String> firstEarlyClose = new AtomicReference<>();

    Tally(long intervalNanos) {
        this.intervalNanos = intervalNanos;
        java.time.Instant now = java.time.Instant.now();
        this.monotonicBase = System.nanoTime();
        this.wallBaseNanosOfDay = Math.floorMod(now.getEpochSecond(), 86_400L) * 1_000_000_000L + now.getNano();
    }

    void openWindow(long start, long end) {
        windowEnd = end;
        windowStart = start;
    }

    /** Whether the hold window is over: a close after it is the generator's own, not the server's. */
    boolean windowEnded(long nanoTime) {
        return nanoTime >= windowEnd;
    }

    boolean inWindow(long nanoTime) {
        return nanoTime >= windowStart && nanoTime < windowEnd;
    }

    void line(long previous, long named, long arrived) {
        if (!inWindow(arrived)) {
            return;
        }
        lines.increment();
        if (named == LineCheck.NOT_A_TIME) {
            malformed.increment();
            return;
        }
        if (previous == LineCheck.NOT_A_TIME) {
            // The connection's first line: a server may send it on connect, naming the second
            // under way, so its delay says nothing of tick delivery; and there is nothing to
            // compare it with.
            return;
        }
        long arrivalOfDay = Math.floorMod(wallBaseNanosOfDay + (arrived - monotonicBase), LineCheck.DAY_NANOS);
        lags.record(LineCheck.lag(arrivalOfDay, named));
        switch (LineCheck.judge(previous, named, intervalNanos)) {
            case NEXT -> next.increment();
            case REPEATED -> repeated.increment();
            case BACKWARDS -> backwards.increment();
            case SKIPPED -> {
                skipped.increment();
                skippedIntervals.add(LineCheck.skipped(previous, named, intervalNanos));
            }
        }
    }

    void failedToConnect(String reason) {
        failed.increment();
        firstFailure.compareAndSet(null, reason);
    }

    void closedEarly(String reason) {
        closedEarly.increment();
        firstEarlyClose.compareAndSet(null, reason);
    }
}
