package dev.clock.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** What promtool cannot know: that each alert has its runbook and is unit-tested both ways. */
class RulesTest {

    @Test
    void everyAlertHasASummaryAndARunbookParagraph() throws Exception {
        String runbooks = Files.readString(Path.of("docs", "alerts.md"));
        List<PrometheusRules.Rule> alerts = PrometheusRules.read().alerts();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(8);
        for (PrometheusRules.Rule alert : alerts) {
            assertThat(alert.annotations().get("summary")).as(alert.alert() + "'s summary").isNotBlank();
            assertThat(alert.annotations().get("runbook")).as(alert.alert() + "'s runbook")
                    .isEqualTo("docs/alerts.md#" + alert.alert().toLowerCase(Locale.ROOT));
            assertThat(runbooks).as("docs/alerts.md has a paragraph for " + alert.alert()).contains("\n## " + alert.alert() + "\n");
        }
    }

    @Test
    void everyAlertIsUnitTestedFiringAndNotFiring() throws Exception {
        Set<String> firing = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        Map<String, Object> file = new Yaml().load(Files.readString(PrometheusRules.DIRECTORY.resolve("clock-rules.test.yml")));
        assertThat(file.get("rule_files")).asInstanceOf(LIST).containsExactly(PrometheusRules.FILE.getFileName().toString());
        for (Object test : (List<?>) file.get("tests")) {
            for (Object check : (List<?>) ((Map<?, ?>) test).get("alert_rule_test")) {
                Map<?, ?> c = (Map<?, ?>) check;
                ((List<?>) c.get("exp_alerts")).stream().findAny().ifPresentOrElse(
                        a -> firing.add((String) c.get("alertname")), () -> quiet.add((String) c.get("alertname")));
            }
        }
        for (PrometheusRules.Rule alert : PrometheusRules.read().alerts()) {
            assertThat(firing).as("a unit test where " + alert.alert() + " fires").contains(alert.alert());
            assertThat(quiet).as("a unit test where " + alert.alert() + " does not fire").contains(alert.alert());
        }
    }

    @Test
    void onlyTheHostClockAlertsWaitForTheirMetrics() throws Exception {
        for (PrometheusRules.Group group : PrometheusRules.read().groups()) {
            for (PrometheusRules.Rule rule : group.rules()) {
                assertThat(rule.expr().contains("clock_host_clock_")).as(group.name() + ": " + rule.expr()).isEqualTo(group.pending());
            }
        }
    }
}
