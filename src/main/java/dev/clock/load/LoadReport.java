package dev.clock.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a load run measured, in groups: the connections, the lag of the lines, their sequence, and
 * the server process's cost when one was given.
 *
 * @param target      the server loaded, as the user wrote it
 * @param holdSeconds how long the hold window lasted: every figure below but the connections' counts is from it
 * @param lagSource   where the lags came from: "kernel receive timestamps", or "read time only, because ..."
 * @param lag         each line's read time after the start of the second it names: the server's
 *                    dispatch and the generator's own delay together
 * @param lagKernel   each line's kernel receive time after the start of its second: the server's
 *                    dispatch alone; empty without kernel timestamps
 * @param readerDelay each line's read time after its kernel receive time: the generator's own
 *                    delay; empty without kernel timestamps
 * @param clean       whether the run was clean: no faults
 * @param faults      why the run was not clean: a connection not held, a line not the next one
 */
public record LoadReport(String target, double holdSeconds, Connections connections, String lagSource, Lag lag,
                         Optional<Lag> lagKernel, Optional<Lag> readerDelay, Sequence sequence,
                         Optional<Server> server, boolean clean, List<String> faults) implements Report {

    public LoadReport {
        faults = Report.verdict(clean, faults);
    }

    /** The report of these figures, judged. */
    public LoadReport(String target, double holdSeconds, Connections connections, String lagSource, Lag lag,
                      Optional<Lag> lagKernel, Optional<Lag> readerDelay, Sequence sequence, Optional<Server> server) {
        this(target, holdSeconds, connections, lagSource, lag, lagKernel, readerDelay, sequence, server,
                faults(connections, sequence));
    }

    private LoadReport(String target, double holdSeconds, Connections connections, String lagSource, Lag lag,
                       Optional<Lag> lagKernel, Optional<Lag> readerDelay, Sequence sequence, Optional<Server> server,
                       List<String> faults) {
        this(target, holdSeconds, connections, lagSource, lag, lagKernel, readerDelay, sequence, server, faults.isEmpty(), faults);
    }

    /**
     * @param firstFailure    why the first connection that failed failed, or null
     * @param closedEarly     connections the server closed (or that failed) before the hold window ended
     * @param firstEarlyClose why the first of those ended, or null
     */
    public record Connections(int requested, long connected, long failed, String firstFailure, long closedEarly,
                              String firstEarlyClose) {
    }

    /** Percentiles of a delay per line (how long after the start of its second a line came), in milliseconds; NaN with no lines. */
    public record Lag(double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs) {
        static Lag of(LagHistogram lags) {
            return new Lag(millis(lags.percentile(0.50)), millis(lags.percentile(0.90)), millis(lags.percentile(0.99)),
                    millis(lags.percentile(0.999)), millis(lags.max()));
        }

        /** The percentiles, or empty when no line was recorded (no kernel timestamps). */
        static Optional<Lag> ofSome(LagHistogram lags) {
            return lags.count() == 0 ? Optional.empty() : Optional.of(of(lags));
        }

        private static double millis(Duration d) {
            return d == null ? Double.NaN : d.toNanos() / 1e6;
        }
    }

    /**
     * Each line judged against the one before it on its connection.
     *
     * @param lines            lines in the hold window, malformed ones included
     * @param skipped          lines that came more than one interval after the one before
     * @param skippedIntervals the intervals those skips left out
     */
    public record Sequence(long lines, double linesPerConnectionPerSecond, long next, long skipped, long skippedIntervals,
                           long repeated, long backwards, long malformed) {
    }

    /**
     * The server process, sampled from /proc; NaN where there was nothing to divide by.
     *
     * @param rssBeforeBytes before the first connection
     * @param rssEndBytes    at the end of the hold window
     * @param cpuSeconds     during the hold window
     */
    public record Server(long pid, long rssBeforeBytes, long rssEndBytes, double cpuSeconds, double cpuMicrosPerLine,
                         double rssBytesPerConnection) {
    }

    private static List<String> faults(Connections c, Sequence s) {
        List<String> faults = new ArrayList<>();
        if (c.failed() > 0) {
            faults.add(count(c.failed(), "connection") + " failed (first: " + c.firstFailure() + ")");
        }
        long unanswered = c.requested() - c.connected() - c.failed();
        if (unanswered > 0) {
            faults.add(count(unanswered, "connection") + " still connecting after the ramp");
        }
        if (c.closedEarly() > 0) {
            faults.add(c.closedEarly() + " closed early (first: " + c.firstEarlyClose() + ")");
        }
        if (s.skipped() > 0) {
            faults.add(count(s.skipped(), "skip"));
        }
        if (s.repeated() > 0) {
            faults.add(s.repeated() + " repeated");
        }
        if (s.backwards() > 0) {
            faults.add(s.backwards() + " backwards");
        }
        if (s.malformed() > 0) {
            faults.add(s.malformed() + " malformed");
        }
        if (s.lines() == 0) {
            faults.add("no lines in the hold window");
        }
        return faults;
    }

    private static String percentiles(String label, Lag l) {
        return String.format(Locale.ROOT, "%-18sp50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n", label,
                l.p50Ms(), l.p90Ms(), l.p99Ms(), l.p999Ms(), l.maxMs());
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The report for a person. */
    @Override
    public String text() {
        Connections c = connections;
        Sequence s = sequence;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "target            %s%n", target));
        b.append(String.format(Locale.ROOT, "connections       %d of %d connected, %d failed%s%n", c.connected(), c.requested(), c.failed(),
                c.firstFailure() == null ? "" : " (first: " + c.firstFailure() + ")"));
        b.append(String.format(Locale.ROOT, "closed early      %d%s%n", c.closedEarly(),
                c.firstEarlyClose() == null ? "" : " (first: " + c.firstEarlyClose() + ")"));
        b.append(String.format(Locale.ROOT, "hold              %.1f s, %d lines, %.3f lines per connection per second%n",
                holdSeconds, s.lines(), s.linesPerConnectionPerSecond()));
        b.append(String.format(Locale.ROOT, "lag source        %s%n", lagSource));
        lagKernel.ifPresent(l -> b.append(percentiles("lag (kernel) ms", l)));
        b.append(percentiles("lag (read) ms", lag));
        readerDelay.ifPresent(l -> b.append(percentiles("reader delay ms", l)));
        b.append(String.format(Locale.ROOT, "sequence          %d next, %d skips (%d intervals), %d repeated, %d backwards, %d malformed%n",
                s.next(), s.skipped(), s.skippedIntervals(), s.repeated(), s.backwards(), s.malformed()));
        server.ifPresent(p -> {
            b.append(String.format(Locale.ROOT, "server pid %d     RSS %.1f MB before, %.1f MB at the end of the hold, %.0f bytes per connection%n",
                    p.pid(), p.rssBeforeBytes() / 1e6, p.rssEndBytes() / 1e6, p.rssBytesPerConnection()));
            b.append(String.format(Locale.ROOT, "server CPU        %.2f s during the hold, %.2f µs per delivered line%n",
                    p.cpuSeconds(), p.cpuMicrosPerLine()));
        });
        b.append(clean ? "verdict           clean: every connection held, every line the next one\n"
                : "verdict           NOT clean: " + String.join(", ", faults) + "\n");
        return b.toString();
    }
}
