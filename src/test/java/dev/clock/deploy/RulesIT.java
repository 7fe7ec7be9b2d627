package dev.clock.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.ExternalTool;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The alerts and recording rules, checked and unit-tested by Prometheus's own promtool. */
@Timeout(180)
class RulesIT {
    private final String promtool = ExternalTool.require("promtool", "prometheus");

    @Test
    void promtoolFindsTheRulesAndTheScrapeConfigValid() throws Exception {
        Command rules = Command.run(Duration.ofSeconds(30), PrometheusRules.DIRECTORY, promtool, "check", "rules", "clock-rules.yml");
        assertThat(rules.exitCode()).as(rules.output()).isZero();
        assertThat(rules.output()).as("promtool's lint is silent").doesNotContain("WARNING");
        Command config = Command.run(Duration.ofSeconds(30), PrometheusRules.DIRECTORY, promtool, "check", "config", "prometheus.yml");
        assertThat(config.exitCode()).as(config.output()).isZero();
    }

    @Test
    void everyAlertFiresAndStaysQuietWhereItsUnitTestsSay() throws Exception {
        Command test = Command.run(Duration.ofSeconds(150), PrometheusRules.DIRECTORY, promtool, "test", "rules", "clock-rules.test.yml");
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }
}
