package dev.clock.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoadReportTest {
    private static final LoadReport.Lag LAG = new LoadReport.Lag(1.5, 2, 3, 4, 5);

    private static LoadReport report(LoadReport.Connections connections, LoadReport.Sequence sequence, Optional<LoadReport.Server> server) {
        return new LoadReport("localhost:8000", 10, connections, LAG, sequence, server);
    }

    private static LoadReport.Sequence sequence(long lines, long skipped, long repeated, long backwards, long malformed) {
        return new LoadReport.Sequence(lines, 1, lines - skipped - repeated - backwards - malformed, skipped, skipped, repeated,
                backwards, malformed);
    }

    @Test
    void aCleanRunHasNoFaults() {
        LoadReport clean = report(new LoadReport.Connections(3, 3, 0, null, 0, null), sequence(30, 0, 0, 0, 0), Optional.empty());

        assertThat(clean.faults()).isEmpty();
        assertThat(clean.clean()).isTrue();
        assertThat(clean.text()).endsWith("verdict           clean: every connection held, every line the next one\n");
    }

    @Test
    void everyFaultIsNamedWithItsCount() {
        LoadReport faulty = report(new LoadReport.Connections(10, 6, 3, "connection refused", 1, "connection reset"),
                sequence(100, 1, 2, 1, 4), Optional.empty());

        assertThat(faulty.clean()).isFalse();
        assertThat(faulty.faults()).containsExactly("3 connections failed (first: connection refused)",
                "1 connection still connecting after the ramp", "1 closed early (first: connection reset)",
                "1 skip", "2 repeated", "1 backwards", "4 malformed");
        assertThat(faulty.text()).contains("verdict           NOT clean: 3 connections failed (first: connection refused), "
                + "1 connection still connecting after the ramp, 1 closed early (first: connection reset), 1 skip, 2 repeated, "
                + "1 backwards, 4 malformed\n");
    }

    @Test
    void aRunWithoutLinesIsNotClean() {
        LoadReport silent = report(new LoadReport.Connections(1, 1, 0, null, 0, null), sequence(0, 0, 0, 0, 0), Optional.empty());

        assertThat(silent.faults()).containsExactly("no lines in the hold window");
    }

    @Test
    void theJsonIsGroupedAsTheReportIs() {
        LoadReport faulty = report(new LoadReport.Connections(2, 1, 1, "timed \"out\"", 0, null), sequence(10, 1, 0, 0, 0),
                Optional.of(new LoadReport.Server(42, 1000, 2000, 0.5, Double.NaN, 1000)));

        assertThat(faulty.json()).isEqualTo("{\"target\":\"localhost:8000\",\"holdSeconds\":10.000,"
                + "\"connections\":{\"requested\":2,\"connected\":1,\"failed\":1,\"firstFailure\":\"timed \\\"out\\\"\","
                + "\"closedEarly\":0,\"firstEarlyClose\":null},"
                + "\"lag\":{\"p50Ms\":1.500,\"p90Ms\":2.000,\"p99Ms\":3.000,\"p999Ms\":4.000,\"maxMs\":5.000},"
                + "\"sequence\":{\"lines\":10,\"linesPerConnectionPerSecond\":1.000,\"next\":9,\"skipped\":1,\"skippedIntervals\":1,"
                + "\"repeated\":0,\"backwards\":0,\"malformed\":0},"
                + "\"server\":{\"pid\":42,\"rssBeforeBytes\":1000,\"rssEndBytes\":2000,\"cpuSeconds\":0.500,\"cpuMicrosPerLine\":null,"
                + "\"rssBytesPerConnection\":1000.000},"
                + "\"clean\":false,\"faults\":[\"1 connection failed (first: timed \\\"out\\\")\",\"1 skip\"]}");
    }

    @Test
    void withoutAServerProcessItsGroupIsNull() {
        LoadReport report = report(new LoadReport.Connections(1, 1, 0, null, 0, null), sequence(10, 0, 0, 0, 0), Optional.empty());

        assertThat(report.json()).contains(",\"server\":null,\"clean\":true,\"faults\":[]}");
        assertThat(report.text()).doesNotContain("server");
    }
}
