package dev.clock.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** deploy/grafana/clock.json's panels and their PromQL expressions. */
record Dashboard(List<Panel> panels) {
    static final Path FILE = Path.of("deploy", "grafana", "clock.json");

    record Panel(String title, String type, List<String> exprs) {
        /** A panel on metrics that do not exist yet says so in its title. */
        boolean pending() {
            return title.contains("(pending");
        }
    }

    @SuppressWarnings("unchecked")
    static Dashboard read() throws IOException {
        Map<String, Object> json = new Yaml().load(Files.readString(FILE));
        List<Panel> panels = new ArrayList<>();
        collect((List<Map<String, Object>>) json.get("panels"), panels);
        return new Dashboard(List.copyOf(panels));
    }

    @SuppressWarnings("unchecked")
    private static void collect(List<Map<String, Object>> from, List<Panel> into) {
        for (Map<String, Object> p : from) {
            List<Map<String, Object>> targets = (List<Map<String, Object>>) p.getOrDefault("targets", List.of());
            into.add(new Panel((String) p.get("title"), (String) p.get("type"), targets.stream().map(t -> (String) t.get("expr")).toList()));
            collect((List<Map<String, Object>>) p.getOrDefault("panels", List.of()), into); // a row's panels
        }
    }

    /**
     * What Grafana sends for an expression with every instance selected and a rate window a
     * 1 s scrape fills ($__rate_interval is at least four scrape intervals).
     */
    static String asGrafanaSends(String expr) {
        return expr.replace("$instance", ".+").replace("$__rate_interval", "1m");
    }
}
