package dev.clock.metrics;

import dev.clock.http.Hosts;
import dev.clock.http.Reply;
import dev.clock.http.Resource;
import dev.clock.http.Site;
import dev.clock.http.Status;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The operators' site: {@code /metrics} ({@link Scrape}) and {@code /healthz}, 200 while serving and
 * 503 once the server is stopping, for a load balancer to take it out of rotation. Both answer GET
 * and HEAD. It answers any {@code Host}: a scraper or a balancer names the server as its operator
 * configured it, and the port is private unless opened on purpose.
 */
public final class MetricsSite {
    static final String SERVING = "ok: serving\n";
    static final String STOPPING = "stopping\n";

    private MetricsSite() {
    }

    /** @param serving whether the server is serving (true) or stopping (false) */
    public static Site site(PrometheusRegistry registry, BooleanSupplier serving) {
        Resource health = request -> serving.getAsBoolean()
                ? Reply.text(Status.OK, SERVING)
                : Reply.text(Status.SERVICE_UNAVAILABLE, STOPPING);
        return new Site("metrics", Map.of("/metrics", new Scrape(registry), "/healthz", health), Site.NO_EVENTS,
                "metrics at /metrics, health at /healthz", Hosts.any());
    }
}
