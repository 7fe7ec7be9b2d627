package dev.clock.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoadReportTest {
    private static final LoadReport.Lag LAG = new LoadReport.Lag(1.5, 2, 3, 4, 5);
    private static final String READ_ONLY = "read time only, because the test says so";

    private static LoadReport report(LoadReport.Connections connections, LoadReport.Sequence sequence, Optional<LoadReport.Server> server) {
        return new LoadReport("localhost:8000", 10, connections, READ_ONLY, LAG, Optional.empty(), Optional.empty(), sequence, server);
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
                + "\"lagSource\":\"read time only, because the test says so\","
                + "\"lag\":{\"p50Ms\":1.500,\"p90Ms\":2.000,\"p99Ms\":3.000,\"p999Ms\":4.000,\"maxMs\":5.000},\"lagKernel\":null,\"readerDelay\":null,"
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

    @Test
    void withKernelTimesTheReportShowsBothLagsAndTheReadersDelay() {
        LoadReport report = new LoadReport("localhost:8000", 10, new LoadReport.Connections(1, 1, 0, null, 0, null),
                "kernel receive timestamps", LAG, Optional.of(new LoadReport.Lag(0.5, 0.6, 0.7, 0.8, 0.9)),
                Optional.of(new LoadReport.Lag(1, 1.4, 2.3, 3.2, 4.1)), sequence(10, 0, 0, 0, 0), Optional.empty());

        assertThat(report.text()).contains("lag source        kernel receive timestamps\n"
                + "lag (kernel) ms   p50 0.5  p90 0.6  p99 0.7  p99.9 0.8  max 0.9\n"
                + "lag (read) ms     p50 1.5  p90 2.0  p99 3.0  p99.9 4.0  max 5.0\n"
                + "reader delay ms   p50 1.0  p90 1.4  p99 2.3  p99.9 3.2  max 4.1\n");
        assertThat(report.json()).contains("\"lagSource\":\"kernel receive timestamps\","
                + "\"lag\":{\"p50Ms\":1.500,\"p90Ms\":2.000,\"p99Ms\":3.000,\"p999Ms\":4.000,\"maxMs\":5.000},"
                + "\"lagKernel\":{\"p50Ms\":0.500,\"p90Ms\":0.600,\"p99Ms\":0.700,\"p999Ms\":0.800,\"maxMs\":0.900},"
                + "\"readerDelay\":{\"p50Ms\":1.000,\"p90Ms\":1.400,\"p99Ms\":2.300,\"p999Ms\":3.200,\"maxMs\":4.100},");
    }

    @Test
    void withoutKernelTimesTheReportSaysWhyAndShowsTheReadLagAlone() {
        LoadReport report = report(new LoadReport.Connections(1, 1, 0, null, 0, null), sequence(10, 0, 0, 0, 0), Optional.empty());

        assertThat(report.text()).contains("lag source        read time only, because the test says so\n"
                + "lag (read) ms     p50 1.5  p90 2.0  p99 3.0  p99.9 4.0  max 5.0\n")
                .doesNotContain("lag (kernel)").doesNotContain("reader delay");
    }

    @Test
    void theVerdictIsTwoComponentsThatCannotDisagree() {
        LoadReport judged = report(new LoadReport.Connections(1, 1, 0, null, 0, null), sequence(10, 1, 0, 0, 0), Optional.empty());
        List<String> faults = new ArrayList<>(List.of("1 skip"));
        LoadReport copied = new LoadReport(judged.target(), judged.holdSeconds(), judged.connections(), judged.lagSource(),
                judged.lag(), judged.lagKernel(), judged.readerDelay(), judged.sequence(), judged.server(), false, faults);
        faults.clear();

        assertThat(copied).as("the faults are the report's own copy").isEqualTo(judged);
        assertThatThrownBy(() -> new LoadReport(judged.target(), judged.holdSeconds(), judged.connections(), judged.lagSource(),
                judged.lag(), judged.lagKernel(), judged.readerDelay(), judged.sequence(), judged.server(), true, List.of("1 skip")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clean exactly when it has no faults");
        assertThatThrownBy(() -> new LoadReport(judged.target(), judged.holdSeconds(), judged.connections(), judged.lagSource(),
                judged.lag(), judged.lagKernel(), judged.readerDelay(), judged.sequence(), judged.server(), false, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
