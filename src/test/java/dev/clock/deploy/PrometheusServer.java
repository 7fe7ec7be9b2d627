package dev.clock.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/**
 * Debian's prometheus, started on a loopback port with a configuration from {@code directory},
 * its storage there too; queried through its HTTP API. Prometheus cannot be given port 0, so a
 * port is picked by binding and closing it, and picked again if another process took it meanwhile.
 */
final class PrometheusServer implements AutoCloseable {
    private static final int ATTEMPTS = 3;

    private final Process process;
    private final Path log;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    static PrometheusServer start(String prometheus, Path directory, Path config, Duration timeout) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Path log = directory.resolve("prometheus-" + attempt + ".log");
            Process p = new ProcessBuilder(prometheus, "--config.file=" + config, "--storage.tsdb.path=" + directory.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.retention.time=1h")
                    .directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            PrometheusServer server = new PrometheusServer(p, log, port);
            if (server.awaitReady(timeout)) {
                return server;
            }
            server.close();
            String output = Files.readString(log);
            if (attempt == ATTEMPTS || !output.contains("address already in use")) {
                throw new AssertionError("prometheus did not become ready on port " + port + ":\n" + output);
            }
        }
    }

    private boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** The instant vector {@code expr} evaluates to now: each element's labels and value. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> query(String expr) throws IOException, InterruptedException {
        URI uri = base.resolve("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("query " + expr + ": HTTP " + r.statusCode() + " " + r.body());
        }
        // JSON is YAML: one parser for the deployment files and the API.
        Map<String, Object> body = new Yaml().load(r.body());
        Map<String, Object> data = (Map<String, Object>) body.get("data");
        return (List<Map<String, Object>>) data.get("result");
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
