package dev.clock.load;

import java.time.Instant;
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

    /** Read time minus the start of the second each line names: the lag as the generator saw it. */
    final LagHistogram lags = new LagHistogram();
    /** Kernel receive time minus the start of the second: the server's dispatch and the network alone. */
    final LagHistogram kernelLags = new LagHistogram();
    /** Read time minus kernel receive time: the load generator's own delay. */
    final LagHistogram readerDelays = new LagHistogram();
    /** Lines timed by their read, whose receive brought no kernel time. */
    final LongAdder withoutKernelTime = new LongAdder();
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
        this(intervalNanos, Instant.now(), System.nanoTime());
    }

    /** A tally whose read times are counted from {@code wallNow}, the wall clock at {@code nanoTimeNow}. */
    Tally(long intervalNanos, Instant wallNow, long nanoTimeNow) {
        this.intervalNanos = intervalNanos;
        this.monotonicBase = nanoTimeNow;
        this.wallBaseNanosOfDay = Math.floorMod(Arrival.epochNanos(wallNow), LineCheck.DAY_NANOS);
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

    void line(long previous, long named, Arrival arrival) {
        if (!inWindow(arrival.readNanoTime())) {
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
        long readOfDay = Math.floorMod(wallBaseNanosOfDay + (arrival.readNanoTime() - monotonicBase), LineCheck.DAY_NANOS);
        lags.record(LineCheck.lag(readOfDay, named));
        if (arrival.kernelTimed()) {
            kernelLags.record(LineCheck.lag(Math.floorMod(arrival.kernelEpochNanos(), LineCheck.DAY_NANOS), named));
            readerDelays.record(arrival.readEpochNanos() - arrival.kernelEpochNanos());
        } else {
            withoutKernelTime.increment();
        }
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
        // The reason first: whoever sees the count must find the first reason already there.
        firstEarlyClose.compareAndSet(null, reason);
        closedEarly.increment();
    }
}
