package dev.clock.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NtpLoadReportTest {
    private static final NtpLoadReport.RoundTrip TRIPS = new NtpLoadReport.RoundTrip(42, 180, 5_000);

    private static NtpLoadReport report(NtpLoadReport.Requests requests, Optional<NtpLoadReport.Server> server) {
        return new NtpLoadReport("127.0.0.1:1123", 2, 2, 8192, requests, TRIPS, server);
    }

    @Test
    void everyRequestAnsweredIsCleanAndTheJsonHoldsEveryFigure() {
        NtpLoadReport clean = report(new NtpLoadReport.Requests(1000, 1000, 500, 0, 0, 0, null),
                Optional.of(new NtpLoadReport.Server(77, 0.5, 500)));

        assertThat(clean.faults()).isEmpty();
        assertThat(clean.text()).contains("replies           1000 (500 per second), 0 Kiss-o'-Death, 0 lost\n")
                .contains("server pid 77     CPU 0.50 s during the hold, 500.00 µs per reply\n")
                .endsWith("verdict           clean: every request got a time reply\n");
        assertThat(clean.json()).isEqualTo("{\"target\":\"127.0.0.1:1123\",\"holdSeconds\":2.000,\"sockets\":2,\"sources\":8192,"
                + "\"requests\":{\"sent\":1000,\"replies\":1000,\"repliesPerSecond\":500.000,\"kissOfDeath\":0,\"lost\":0,"
                + "\"invalid\":0,\"firstInvalid\":null},"
                + "\"roundTrip\":{\"p50Micros\":42.000,\"p99Micros\":180.000,\"maxMicros\":5000.000},"
                + "\"server\":{\"pid\":77,\"cpuSeconds\":0.500,\"cpuMicrosPerReply\":500.000},\"clean\":true,\"faults\":[]}");
    }

    @Test
    void kissesLossesAndInvalidRepliesAreEachAFault() {
        NtpLoadReport dirty = report(new NtpLoadReport.Requests(100, 90, 45, 4, 6, 3, "shorter than 48 bytes"), Optional.empty());

        assertThat(dirty.clean()).isFalse();
        assertThat(dirty.faults()).containsExactly(
                "4 Kiss-o'-Death (rate-limited: spread over more --sources, or lift the server's limit)",
                "6 lost",
                "3 invalid (first: shorter than 48 bytes)");
        assertThat(dirty.json()).contains("\"firstInvalid\":\"shorter than 48 bytes\"", "\"server\":null", "\"clean\":false",
                "\"6 lost\"");
    }

    @Test
    void noRepliesIsAFaultAndItsFiguresAreNullInJson() {
        NtpLoadReport none = report(new NtpLoadReport.Requests(10, 0, 0, 0, 10, 0, null),
                Optional.of(new NtpLoadReport.Server(77, 0.01, Double.NaN)));
        NtpLoadReport noTrips = new NtpLoadReport("127.0.0.1:1123", 2, 2, 1, none.requests(),
                new NtpLoadReport.RoundTrip(Double.NaN, Double.NaN, Double.NaN), none.server());

        assertThat(none.faults()).contains("no replies in the hold window");
        assertThat(noTrips.json()).contains("\"p50Micros\":null", "\"cpuMicrosPerReply\":null");
    }

    @Test
    void aReportCannotBeCleanAndNameAFault() {
        NtpLoadReport.Requests lossy = new NtpLoadReport.Requests(10, 9, 4.5, 0, 1, 0, null);

        assertThat(report(lossy, Optional.empty()).faults()).containsExactly("1 lost");
        assertThatThrownBy(() -> new NtpLoadReport("127.0.0.1:1123", 2, 2, 1, lossy, TRIPS, Optional.empty(), true, List.of("1 lost")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clean exactly when it has no faults");
    }
}
