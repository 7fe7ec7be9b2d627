package dev.clock.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What an NTP load run measured: the requests sent inside the hold window and how each ended, their
 * round trips, and the server process's CPU when one was given.
 *
 * @param target      the server loaded, as the user wrote it
 * @param holdSeconds how long the hold window lasted
 * @param sockets     the UDP sockets the requests came from
 * @param sources     the source addresses they took in turn
 * @param clean       whether every request got a time reply: no faults
 * @param faults      why the run was not clean, one reason each, in a user's words
 */
public record NtpLoadReport(String target, double holdSeconds, int sockets, int sources, Requests requests, RoundTrip roundTrip,
                            Optional<Server> server, boolean clean, List<String> faults) implements Report {

    public NtpLoadReport {
        faults = Report.verdict(clean, faults);
    }

    /** The report of these figures, judged. */
    public NtpLoadReport(String target, double holdSeconds, int sockets, int sources, Requests requests, RoundTrip roundTrip,
                         Optional<Server> server) {
        this(target, holdSeconds, sockets, sources, requests, roundTrip, server, faults(requests));
    }

    private NtpLoadReport(String target, double holdSeconds, int sockets, int sources, Requests requests, RoundTrip roundTrip,
                          Optional<Server> server, List<String> faults) {
        this(target, holdSeconds, sockets, sources, requests, roundTrip, server, faults.isEmpty(), faults);
    }

    /**
     * Requests sent inside the hold window, each ending as exactly one of a reply, a Kiss-o'-Death,
     * or lost: {@code sent == replies + kissOfDeath + lost}.
     *
     * @param replies           time replies: mode 4, stratum 1 to 15, from the server, answering the request in flight
     * @param repliesPerSecond  replies over the hold window's length
     * @param kissOfDeath       Kiss-o'-Death replies (stratum 0) to requests in flight
     * @param lost              requests unanswered after a second
     * @param invalid           datagrams that were none of the above (short, not mode 4, from elsewhere, answering
     *                          nothing in flight, or with no usable time), counted apart: they end no request
     * @param firstInvalid      what the first of those was, or null
     */
    public record Requests(long sent, long replies, double repliesPerSecond, long kissOfDeath, long lost, long invalid,
                           String firstInvalid) {
    }

    /** Round trips of the replies, in microseconds; NaN with none. */
    public record RoundTrip(double p50Micros, double p99Micros, double maxMicros) {
        static RoundTrip of(NtpRoundTrips trips) {
            return new RoundTrip(micros(trips.percentile(0.50)), micros(trips.percentile(0.99)), micros(trips.max()));
        }

        private static double micros(Duration d) {
            return d == null ? Double.NaN : d.toNanos() / 1e3;
        }
    }

    /**
     * The server process, sampled from /proc at the start and end of the hold window.
     *
     * @param cpuMicrosPerReply its CPU time over the replies counted; NaN with none
     */
    public record Server(long pid, double cpuSeconds, double cpuMicrosPerReply) {
    }

    private static List<String> faults(Requests r) {
        List<String> faults = new ArrayList<>();
        if (r.kissOfDeath() > 0) {
            faults.add(r.kissOfDeath() + " Kiss-o'-Death (rate-limited: spread over more --sources, or lift the server's limit)");
        }
        if (r.lost() > 0) {
            faults.add(r.lost() + " lost");
        }
        if (r.invalid() > 0) {
            faults.add(r.invalid() + " invalid (first: " + r.firstInvalid() + ")");
        }
        if (r.replies() == 0) {
            faults.add("no replies in the hold window");
        }
        return faults;
    }

    /** The report for a person. */
    @Override
    public String text() {
        Requests r = requests;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "target            %s (NTP over UDP, %d socket%s, %d source address%s)%n", target,
                sockets, sockets == 1 ? "" : "s", sources, sources == 1 ? "" : "es"));
        b.append(String.format(Locale.ROOT, "hold              %.1f s: %d requests sent%n", holdSeconds, r.sent()));
        b.append(String.format(Locale.ROOT, "replies           %d (%.0f per second), %d Kiss-o'-Death, %d lost%n",
                r.replies(), r.repliesPerSecond(), r.kissOfDeath(), r.lost()));
        b.append(String.format(Locale.ROOT, "invalid           %d%s%n", r.invalid(),
                r.firstInvalid() == null ? "" : " (first: " + r.firstInvalid() + ")"));
        b.append(String.format(Locale.ROOT, "round trip µs     p50 %.0f  p99 %.0f  max %.0f%n",
                roundTrip.p50Micros(), roundTrip.p99Micros(), roundTrip.maxMicros()));
        server.ifPresent(s -> b.append(String.format(Locale.ROOT, "server pid %d     CPU %.2f s during the hold, %.2f µs per reply%n",
                s.pid(), s.cpuSeconds(), s.cpuMicrosPerReply())));
        b.append(clean ? "verdict           clean: every request got a time reply\n"
                : "verdict           NOT clean: " + String.join(", ", faults) + "\n");
        return b.toString();
    }
}
