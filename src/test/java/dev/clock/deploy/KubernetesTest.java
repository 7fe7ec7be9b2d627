package dev.clock.deploy;

import static dev.clock.deploy.Kubernetes.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Kubernetes example: probes on the real port and path, a drain that fits, selectors that select. */
class KubernetesTest {
    private final Kubernetes k8s;
    private final Map<String, Object> pod;
    private final Map<String, Object> container;
    private final List<String> args;
    private final Map<String, Integer> containerPorts;

    KubernetesTest() throws Exception {
        k8s = Kubernetes.read();
        pod = at(k8s.only("Deployment"), "spec", "template", "spec");
        List<Map<String, Object>> containers = at(pod, "containers");
        assertThat(containers).hasSize(1);
        container = containers.getFirst();
        args = at(container, "args");
        List<Map<String, Object>> ports = at(container, "ports");
        containerPorts = ports.stream().collect(Collectors.toMap(p -> (String) p.get("name"), p -> (Integer) p.get("containerPort")));
    }

    /** The value clock serve is given for {@code option}. */
    private String arg(String option) {
        int i = args.indexOf(option);
        assertThat(i).as(option + " in the container's args " + args).isNotNegative();
        return args.get(i + 1);
    }

    @Test
    void readinessProbesHealthzOnTheMetricsPortClockServes() {
        Map<String, Object> probe = at(container, "readinessProbe", "httpGet");
        assertThat(probe.get("path")).isEqualTo("/healthz");
        assertThat(containerPorts.get((String) probe.get("port"))).as("the probe's port").isEqualTo(Integer.parseInt(arg("--metrics")));
        assertThat(arg("--metrics-bind")).as("the kubelet probes the pod's address, not localhost").isEqualTo("0.0.0.0");
        Map<String, Object> liveness = at(container, "livenessProbe", "tcpSocket");
        assertThat(containerPorts.get((String) liveness.get("port"))).isEqualTo(Integer.parseInt(arg("--metrics")));
        assertThat(containerPorts.get("stream")).isEqualTo(Integer.parseInt(arg("--port")));
        assertThat(containerPorts.get("http")).isEqualTo(Integer.parseInt(arg("--http")));
        assertThat(arg("--bind")).isEqualTo("0.0.0.0");
    }

    @Test
    void preStopStartsTheDrainAndWaitsOutItWithinTheGracePeriod() {
        List<String> command = at(container, "lifecycle", "preStop", "exec", "command");
        assertThat(command).first().isEqualTo("/bin/bash");
        String script = command.getLast();
        assertThat(script).startsWith("kill -TERM 1 ");
        long sleep = Long.parseLong(script.replaceAll(".*sleep (\\d+)$", "$1"));
        Duration drain = Duration.parse("PT" + arg("--drain").toUpperCase(java.util.Locale.ROOT));
        int grace = at(pod, "terminationGracePeriodSeconds");
        assertThat(Duration.ofSeconds(sleep)).as("the hook outlasts the drain, or the kubelet's SIGTERM cuts it short").isGreaterThan(drain.plusSeconds(5));
        assertThat(sleep).as("and ends within the grace period").isLessThan(grace);
    }

    @Test
    void runsAsTheImagesUserWithBoundedResources() {
        assertThat((Object) at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat((Object) at(pod, "securityContext", "runAsUser")).isEqualTo(10001);
        assertThat((Object) at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
        assertThat((Object) at(container, "resources", "limits", "memory")).isNotNull();
        assertThat((Object) at(container, "resources", "requests", "cpu")).isNotNull();
        assertThat((Object) at(container, "resources", "requests", "memory")).isNotNull();
    }

    @Test
    void theServiceAndTheBudgetSelectTheDeploymentsPods() {
        Map<String, Object> podLabels = at(k8s.only("Deployment"), "spec", "template", "metadata", "labels");
        Map<String, Object> selector = at(k8s.only("Deployment"), "spec", "selector", "matchLabels");
        assertThat(podLabels).containsAllEntriesOf(selector);
        assertThat(podLabels).containsAllEntriesOf(at(k8s.only("Service"), "spec", "selector"));
        assertThat(podLabels).containsAllEntriesOf(at(k8s.only("PodDisruptionBudget"), "spec", "selector", "matchLabels"));
        int replicas = at(k8s.only("Deployment"), "spec", "replicas");
        assertThat(replicas).as("a budget needs a second pod to keep serving").isGreaterThanOrEqualTo(2);
        List<Map<String, Object>> servicePorts = at(k8s.only("Service"), "spec", "ports");
        assertThat(servicePorts).extracting(p -> p.get("targetPort")).containsExactlyInAnyOrder("stream", "http");
        servicePorts.forEach(p -> assertThat(containerPorts).containsKey((String) p.get("targetPort")));
    }
}
