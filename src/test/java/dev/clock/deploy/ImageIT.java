package dev.clock.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clock.testing.Await;
import dev.clock.testing.ClockProcess;
import dev.clock.testing.ExternalTool;
import dev.clock.testing.LineClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The container image {@code ./package --image} writes (target/dist/clock-*-oci.tar): read by
 * skopeo, and run by podman as a user would run it.
 *
 * <p>podman runs here only as {@code --runtime runc --cgroup-manager=cgroupfs --storage-driver=vfs}
 * with rlimits below the sandbox's own: crun refuses this machine's hybrid cgroups (v1 controllers
 * with a v2 mount), overlay is not available, and podman's default ulimits (nofile, nproc) are
 * above what this machine lets a process raise them to. Its storage is a temporary directory, so
 * that the test leaves no image behind. Host networking, so that clock binds port 0 on loopback.
 */
@Timeout(240)
class ImageIT {
    private static final Path DIST = Path.of("target", "dist").toAbsolutePath();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path directory;

    @Test
    void skopeoReadsANonRootImageExposingTheDeploymentsPorts() throws Exception {
        String skopeo = ExternalTool.require("skopeo", "skopeo");
        Path archive = archive();
        Command inspect = Command.run(Duration.ofSeconds(60), directory, skopeo, "inspect", "--config", "oci-archive:" + archive);
        assertThat(inspect.exitCode()).as(inspect.output()).isZero();
        Map<String, Object> config = Kubernetes.at(new Yaml().load(inspect.output()), "config");
        assertThat(config.get("User")).isEqualTo("10001:10001");
        assertThat(config.get("Entrypoint")).isEqualTo(List.of("/opt/clock/bin/clock"));
        Map<String, Object> exposed = Kubernetes.at(config, "ExposedPorts");
        List<Map<String, Object>> deploymentPorts = Kubernetes.at(Kubernetes.read().only("Deployment"),
                "spec", "template", "spec", "containers", 0, "ports");
        assertThat(exposed.keySet()).as("the image exposes what the Deployment declares")
                .isEqualTo(deploymentPorts.stream().map(p -> p.get("containerPort") + "/tcp").collect(Collectors.toSet()));
        List<String> cmd = Kubernetes.at(config, "Cmd");
        assertThat(String.join(" ", cmd)).contains("--bind 0.0.0.0", "--port 8000", "--http 8080", "--metrics 9100", "--metrics-bind 0.0.0.0");
        assertThat((Object) Kubernetes.at(config, "Labels", "dev.clock.healthcheck")).isEqualTo("/opt/clock/bin/healthcheck");

        // The layer's files, read from the archive as any OCI reader does: index, manifest, layer.
        Command untar = Command.run(Duration.ofSeconds(60), directory, "tar", "-xf", archive.toString());
        assertThat(untar.exitCode()).as(untar.output()).isZero();
        String manifestDigest = Kubernetes.at(new Yaml().load(Files.readString(directory.resolve("index.json"))), "manifests", 0, "digest");
        Map<String, Object> manifest = new Yaml().load(Files.readString(blob(manifestDigest)));
        List<Map<String, Object>> layers = Kubernetes.at(manifest, "layers");
        assertThat(layers).hasSize(1);
        Command list = Command.run(Duration.ofSeconds(60), directory, "tar", "-tzvf", blob((String) layers.getFirst().get("digest")).toString());
        assertThat(list.exitCode()).isZero();
        String files = list.output();
        assertThat(files).contains("./opt/clock/runtime/bin/java", "./opt/clock/app/clock.jar", "./opt/clock/lib/clock.aot",
                "./opt/clock/bin/healthcheck", "./bin/bash", "./usr/bin/env", "./bin/readlink", "./bin/sleep",
                "./lib/x86_64-linux-gnu/libc.so.6", "./etc/passwd", "./usr/share/doc/libc6/copyright");
        assertThat(files).as("a minimal root: no manuals, no package tools").doesNotContain("./usr/share/man/", "./usr/bin/dpkg", "./usr/bin/apt");
        assertThat(files.lines().filter(l -> l.startsWith("-")).map(l -> l.split("\\s+")[1]).collect(Collectors.toSet()))
                .as("every file owned by root").containsOnly("0/0");
    }

    @Test
    void podmanRunsItAsClockAndTheDeploymentsPreStopDrainsIt() throws Exception {
        String podman = ExternalTool.require("podman", "podman");
        ExternalTool.require("runc", "runc");
        Path archive = archive();
        String name = "clock-image-it-" + UUID.randomUUID();
        List<String> base = List.of(podman, "--root", directory.resolve("storage").toString(), "--runroot", directory.resolve("run").toString(),
                "--storage-driver=vfs", "--cgroup-manager=cgroupfs", "--runtime", "runc", "--events-backend=none");
        List<String> run = new ArrayList<>(base);
        run.addAll(List.of("run", "--rm", "--name", name, "--network=host", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1000:1000",
                "oci-archive:" + archive, "serve", "--bind", "127.0.0.1", "--port", "0", "--http", "0", "--metrics", "0", "--drain", "5s"));
        try (ClockProcess clock = ClockProcess.startCommand(run)) {
            int port = clock.awaitListeningPort(Duration.ofSeconds(120)); // podman copies the image into its storage first
            int metricsPort = clock.awaitServicePort("metrics");
            try (LineClient client = new LineClient(port)) {
                assertThat(client.readLine()).matches("\\d\\d:\\d\\d:\\d\\d");
            }
            URI health = URI.create("http://127.0.0.1:" + metricsPort + "/healthz");
            assertThat(status(health)).isEqualTo(200);
            assertThat(exec(base, name, "env", "CLOCK_METRICS_PORT=" + metricsPort, "/opt/clock/bin/healthcheck").exitCode())
                    .as("the image's health check while serving").isZero();

            Command pid = Command.run(Duration.ofSeconds(30), directory, concat(base, "inspect", "--format", "{{.State.Pid}}", name));
            assertThat(pid.exitCode()).as(pid.output()).isZero();
            List<String> status = Files.readAllLines(Path.of("/proc", pid.output().strip(), "status"));
            assertThat(status).as("clock runs as the image's user, not root").anyMatch(l -> l.matches("Uid:\\s+10001\\s+10001\\s+10001\\s+10001"));

            // The Kubernetes Deployment's preStop hook, run as the kubelet runs it: it starts the drain.
            List<String> preStop = Kubernetes.at(Kubernetes.read().only("Deployment"),
                    "spec", "template", "spec", "containers", 0, "lifecycle", "preStop", "exec", "command");
            List<String> execHook = new ArrayList<>(List.of(concat(base, "exec", name)));
            execHook.addAll(preStop);
            Process hook = new ProcessBuilder(execHook).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("prestop.log").toFile()).start();
            try {
                Await.until(() -> status(health) == 503, Duration.ofSeconds(4));
                assertThat(exec(base, name, "env", "CLOCK_METRICS_PORT=" + metricsPort, "/opt/clock/bin/healthcheck").exitCode())
                        .as("the health check fails while the server drains").isNotZero();
                assertThat(hook.isAlive()).as("the hook waits out the drain").isTrue();
                assertThat(clock.awaitExit(Duration.ofSeconds(30)).exitCode()).as("a drained stop exits 0").isZero();
            } finally {
                hook.destroyForcibly().waitFor();
            }
        } finally {
            Command.run(Duration.ofSeconds(60), directory, concat(base, "rm", "--force", "--ignore", name));
            // podman's storage holds the image's root, whose absolute links JUnit would warn about.
            Command.run(Duration.ofSeconds(60), directory, "rm", "-rf", directory.resolve("storage").toString(), directory.resolve("run").toString());
        }
    }

    private Command exec(List<String> base, String name, String... command) throws Exception {
        List<String> exec = new ArrayList<>(base);
        exec.addAll(List.of("exec", name));
        exec.addAll(List.of(command));
        return Command.run(Duration.ofSeconds(30), directory, exec.toArray(String[]::new));
    }

    private static String[] concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private Path blob(String digest) {
        return directory.resolve("blobs").resolve(digest.replace(':', '/'));
    }

    private int status(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    /**
     * The archive ./package --image wrote; missing or older than what it is built from, the test
     * fails in CI and is skipped elsewhere, with the command to run.
     */
    private static Path archive() throws IOException {
        Set<Path> found;
        try (var files = Files.isDirectory(DIST) ? Files.newDirectoryStream(DIST, "clock-*-oci.tar") : null) {
            found = files == null ? Set.of() : java.util.stream.StreamSupport.stream(files.spliterator(), false).collect(Collectors.toSet());
        }
        String missing = found.size() != 1
                ? "target/dist has " + found.size() + " container images: run ./package --image (.ci/run does, before the tests)"
                : newerThan(found.iterator().next());
        if (missing != null) {
            if ("true".equals(System.getenv("CLOCK_REQUIRE_EXTERNAL_TOOLS"))) {
                throw new AssertionError(missing);
            }
            assumeTrue(false, missing);
        }
        return found.iterator().next();
    }

    private static String newerThan(Path archive) throws IOException {
        FileTime built = Files.getLastModifiedTime(archive);
        for (Path root : List.of(Path.of("src/main"), Path.of("deploy/image"), Path.of("deploy/bin"), Path.of("package"), Path.of("pom.xml"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    if (Files.getLastModifiedTime(f).compareTo(built) > 0) {
                        return archive.getFileName() + " is older than " + f + ": run ./package --image";
                    }
                }
            }
        }
        return null;
    }
}
