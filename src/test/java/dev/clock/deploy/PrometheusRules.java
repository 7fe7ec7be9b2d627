package dev.clock.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** deploy/prometheus/clock-rules.yml as data: its groups, and which of them wait for metrics that do not exist yet. */
record PrometheusRules(List<Group> groups) {
    static final Path DIRECTORY = Path.of("deploy", "prometheus");
    static final Path FILE = DIRECTORY.resolve("clock-rules.yml");

    /** The group of alerts on the host clock's metrics, which issue 26 adds (clock_host_clock_*). */
    static final String PENDING_GROUP = "clock-host-clock-pending";

    record Rule(String record, String alert, String expr, Map<String, String> annotations) {
    }

    record Group(String name, List<Rule> rules) {
        boolean pending() {
            return name.equals(PENDING_GROUP);
        }
    }

    @SuppressWarnings("unchecked")
    static PrometheusRules read() throws IOException {
        Map<String, Object> file = new Yaml().load(Files.readString(FILE));
        List<Group> groups = ((List<Map<String, Object>>) file.get("groups")).stream()
                .map(g -> new Group((String) g.get("name"), ((List<Map<String, Object>>) g.get("rules")).stream()
                        .map(r -> new Rule((String) r.get("record"), (String) r.get("alert"), (String) r.get("expr"),
                                (Map<String, String>) r.getOrDefault("annotations", Map.of())))
                        .toList()))
                .toList();
        return new PrometheusRules(groups);
    }

    List<Rule> rules() {
        return groups.stream().flatMap(g -> g.rules().stream()).toList();
    }

    List<Rule> alerts() {
        return rules().stream().filter(r -> r.alert() != null).toList();
    }

    List<Rule> recordingRules() {
        return rules().stream().filter(r -> r.record() != null).toList();
    }
}
