package dev.clock.access;

import dev.clock.net.Refusal;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.function.LongSupplier;

/**
 * Decides which refusals get a line of their own in the log, so that no flood can fill the disk: a
 * source's refusal is written at most once a minute, and at most {@link #LINES_PER_MINUTE} lines a
 * minute in all, on every door together. When a minute had refusals without a line, one summary
 * says how many: {@code refused N requests from M sources in the last minute, by reason: ...}.
 * (Spoofed sources are free: one line per source was 325,325 lines, 41 MB, in 5 s of a flood.)
 *
 * <p>Minutes are counted from the first refusal after a quiet one, and the summary of a minute is
 * written with the first refusal after it: no thread of its own. The refused counters of the
 * metrics count every refusal, with or without a line. Thread-safe.
 */
final class RefusalLog {
    static final Duration PERIOD = Duration.ofMinutes(1);
    /** Lines for single refusals in a minute, on every door together, before only the summary is left. */
    static final int LINES_PER_MINUTE = 20;

    private final System.Logger log;
    private final LongSupplier nanoTime;
    private final int capacity;
    /** Per source: the minute it last had a line in, and the minute it was last refused in (minutes count from 1). */
    private final SourceTable sources;
    private final long[] byReason = new long[Refusal.values().length];
    private long minute;
    private long minuteStart;
    private int lines;
    private long refused;
    private long unwritten;
    private long sourcesRefused;

    RefusalLog(System.Logger log, LongSupplier nanoTime, int capacity) {
        this.log = log;
        this.nanoTime = nanoTime;
        this.capacity = capacity;
        this.sources = new SourceTable(capacity);
    }

    /**
     * Counts a refusal of {@code address} (its 4 or 16 bytes) for {@code reason}: true when it gets
     * a line of its own, which the caller writes.
     */
    synchronized boolean refused(byte[] a, Refusal reason) {
        long now = nanoTime.getAsLong();
        if (minute == 0 || now - minuteStart >= PERIOD.toNanos()) {
            summarize();
            minute++;
            minuteStart = now;
        }
        refused++;
        byReason[reason.ordinal()]++;
        int slot = sources.slot(Source.high(a), Source.low(a));
        if (sources.second(slot) != minute) {
            sources.second(slot, minute);
            sourcesRefused++;
        }
        if (sources.first(slot) == minute || lines == LINES_PER_MINUTE) {
            unwritten++;
            return false;
        }
        sources.first(slot, minute);
        lines++;
        return true;
    }

    private void summarize() {
        if (unwritten > 0) {
            StringJoiner reasons = new StringJoiner(", ");
            for (Refusal r : Refusal.values()) {
                if (byReason[r.ordinal()] > 0) {
                    reasons.add(r.label() + " " + byReason[r.ordinal()]);
                }
            }
            // Beyond the table's capacity a source forgotten and seen again counts twice: say only "more than".
            String from = sourcesRefused > capacity ? "more than " + capacity : Long.toString(sourcesRefused);
            log.log(Level.WARNING, "refused " + refused + " requests from " + from + (sourcesRefused == 1 ? " source" : " sources")
                    + " in the last minute, by reason: " + reasons + " (" + (refused - unwritten) + " logged: at most one line a "
                    + "minute per source, " + LINES_PER_MINUTE + " in all)");
        }
        lines = 0;
        refused = 0;
        unwritten = 0;
        sourcesRefused = 0;
        java.util.Arrays.fill(byReason, 0);
    }
}
