package dev.clock.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.access.AccessPolicy;
import dev.clock.net.Listener;
import dev.clock.ntp.NtpConfig;
import dev.clock.ntp.NtpServer;
import dev.clock.protocol.ProtocolService;
import dev.clock.protocol.TimeProtocol;
import dev.clock.server.ClockServer;
import dev.clock.server.ServerConfig;
import dev.clock.testing.PrometheusText;
import dev.clock.tick.TickFormat;
import dev.clock.tick.Ticker;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the metrics export for real listeners of each kind: only series that can move, and a HELP that says them all. */
@Timeout(30)
class ClockMetricsTest {

    @Test
    void eachListenerExportsOnlyWhatItCanCountAndTheRefusedHelpListsEveryReasonExported() throws Exception {
        AccessPolicy open = new AccessPolicy(AccessPolicy.Rules.open());
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (Ticker ticker = new Ticker(TickFormat.of("HH:mm:ss", ZoneOffset.UTC), Duration.ofSeconds(1));
             Listener stream = ClockServer.bind(new InetSocketAddress(loopback, 0), new ServerConfig(false, 10, Duration.ofSeconds(10), 1),
                     open, ticker);
             Listener time = ProtocolService.bind("time", "RFC 868", loopback, 0, TimeProtocol::encode, InstantSource.system(),
                     open);
             NtpServer ntp = NtpServer.bind(new InetSocketAddress(loopback, 0), InstantSource.system(), NtpConfig.DEFAULTS, open)) {
            PrometheusRegistry registry = new PrometheusRegistry();
            ClockMetrics.register(registry, List.of(stream, time, ntp));
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            new PrometheusTextFormatWriter(false).write(text, registry.scrape(), EscapingScheme.DEFAULT);
            PrometheusText metrics = PrometheusText.parse(text.toString(StandardCharsets.UTF_8));

            assertThat(metrics.samples()).containsKey("clock_clients_connected{protocol=\"stream\"}")
                    .doesNotContainKeys("clock_clients_connected{protocol=\"time\"}", "clock_clients_connected{protocol=\"ntp\"}")
                    .containsKeys("clock_connections_refused_total{protocol=\"stream\",reason=\"full\"}",
                            "clock_connections_refused_total{protocol=\"time\",reason=\"source_port\"}",
                            "clock_connections_refused_total{protocol=\"ntp\",reason=\"rate_limited\"}")
                    .doesNotContainKeys("clock_connections_refused_total{protocol=\"ntp\",reason=\"full\"}",
                            "clock_connections_refused_total{protocol=\"ntp\",reason=\"per_source\"}",
                            "clock_connections_refused_total{protocol=\"stream\",reason=\"source_port\"}",
                            "clock_ticks_total{protocol=\"ntp\"}", "clock_clients_dropped_total{protocol=\"time\"}",
                            "clock_accept_failures_total{protocol=\"ntp\"}")
                    .containsKeys("clock_lines_written_total{protocol=\"ntp\"}", "clock_accept_failures_total{protocol=\"time\"}");
            String help = metrics.help("clock_connections_refused_total");
            for (String reason : metrics.samples().keySet().stream()
                    .filter(s -> s.startsWith("clock_connections_refused_total{"))
                    .map(s -> s.replaceAll(".*reason=\"([a-z_]+)\".*", "$1")).distinct().toList()) {
                assertThat(help).as("the HELP names %s", reason).contains(reason);
            }
        }
    }
}
