package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.Await;
import dev.clock.testing.ClockProcess;
import dev.clock.testing.ExternalTool;
import dev.clock.testing.LineCrowd;
import dev.clock.testing.PrometheusText;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * deploy/haproxy/haproxy.cfg, as shipped, run by Debian's HAProxy in front of three clock servers,
 * all on loopback: 3,000 clients through it, spread over the three, every line consecutive; a
 * server killed with SIGKILL and new clients going to the other two; a server drained with
 * SIGTERM and {@code --drain}, taken out of rotation by its /healthz while its own clients tick
 * on until it closes; and the wall of clocks pointed at the balancer.
 */
@Timeout(300)
class HaproxyIT {
    private static final Path CONFIG = Path.of("deploy", "haproxy", "haproxy.cfg");
    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final String CONNECTED = "clock_clients_connected{protocol=\"stream\"}";
    private static final String ACCEPTED = "clock_connections_accepted_total{protocol=\"stream\"}";
    private static final int CLIENTS = 3_000;
    /**
     * Client addresses 127.0.0.2 .. 127.0.0.61, 50 clients each: under the per-source limits the
     * config's frontend applies (100 at once, 50 new a second, per address).
     */
    private static final int SOURCES = 60;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theShippedConfigIsValid() throws Exception {
        String haproxy = ExternalTool.require("haproxy", "haproxy");
        Map<String, String> env = new HashMap<>(Map.of("CLOCK_LB_BIND", "127.0.0.1:8000", "CLOCK_LB_STATS_BIND", "127.0.0.1:8404"));
        for (int i = 1; i <= 3; i++) {
            env.put("CLOCK" + i + "_ADDR", "127.0.0.1:" + (8000 + i)); // checked, not bound
        }
        ProcessBuilder check = new ProcessBuilder(haproxy, "-c", "-f", CONFIG.toString()).redirectErrorStream(true);
        check.environment().putAll(env);
        Process p = check.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("Configuration file is valid").doesNotContain("WARNING");
    }

    @Test
    void threeServersBehindHaproxyShareClientsAndLeaveRotationCleanly() throws Exception {
        String haproxy = ExternalTool.require("haproxy", "haproxy");
        List<ClockProcess> servers = new ArrayList<>();
        Process lb = null;
        try (LineCrowd crowd = new LineCrowd(INTERVAL)) {
            // Behind HAProxy every client arrives from 127.0.0.1: the servers' per-source limits are
            // lifted, as the config's header says, and the frontend applies them per client instead.
            for (int i = 0; i < 3; i++) {
                servers.add(ClockProcess.start("serve", "-p", "0", "-i", "500ms", "-f", LineCrowd.FORMAT, "--metrics", "0",
                        "--drain", "3s", "--max-per-source", "20000", "--max-connect-rate", "10000"));
            }
            int[] streamPorts = new int[3];
            int[] metricsPorts = new int[3];
            for (int i = 0; i < 3; i++) {
                streamPorts[i] = servers.get(i).awaitListeningPort();
                metricsPorts[i] = servers.get(i).awaitServicePort("metrics");
            }
            int front = freePort();
            int stats = freePort();
            ProcessBuilder builder = new ProcessBuilder(haproxy, "-db", "-f", CONFIG.toString()).redirectErrorStream(true);
            builder.environment().putAll(Map.of("CLOCK_LB_BIND", "127.0.0.1:" + front, "CLOCK_LB_STATS_BIND", "127.0.0.1:" + stats,
                    "CLOCK_LB_MAXCONN", "6000"));
            for (int i = 0; i < 3; i++) {
                builder.environment().put("CLOCK" + (i + 1) + "_ADDR", "127.0.0.1:" + streamPorts[i]);
                builder.environment().put("CLOCK" + (i + 1) + "_HEALTH_PORT", "" + metricsPorts[i]);
            }
            lb = builder.start();
            StringBuilder lbLog = collect(lb.getInputStream());
            Await.until(() -> states(stats).equals(Map.of("clock1", "UP", "clock2", "UP", "clock3", "UP")), Duration.ofSeconds(20));

            // The wall of clocks, pointed at the balancer.
            ClockProcess.Result wall = ClockProcess.run(Duration.ofSeconds(30), "wall", "--once", "Balanced=127.0.0.1:" + front);
            assertThat(wall.exitCode()).as(wall.stderrText()).isZero();
            assertThat(wall.stdout()).startsWith("Balanced").containsPattern("\\d\\d:\\d\\d:\\d\\d");

            // 3,000 clients, at most 1,000 new a second (under 20 a second per address).
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", front);
            for (int i = 0; i < CLIENTS; i++) {
                crowd.connect(new InetSocketAddress("127.0.0." + (2 + i % SOURCES), 0), to);
                if (i % 10 == 9) {
                    Thread.sleep(10);
                }
            }
            List<LineCrowd.Member> first = crowd.members();
            Await.until(() -> LineCrowd.where(first, m -> m.lines() >= 1).size() == CLIENTS, Duration.ofSeconds(60));
            Await.until(() -> sum(metricsPorts, CONNECTED) == CLIENTS, Duration.ofSeconds(30));
            int[] held = new int[3];
            for (int i = 0; i < 3; i++) {
                held[i] = (int) metric(metricsPorts[i], CONNECTED);
            }
            System.out.printf("HaproxyIT: %d clients through HAProxy: %d, %d, %d on the three servers%n", CLIENTS, held[0], held[1], held[2]);
            for (int h : held) {
                assertThat(h).as("each server's share of %d clients", CLIENTS).isBetween(900, 1100);
            }
            // Every client's lines consecutive, for a few ticks more.
            int[] linesBefore = first.stream().mapToInt(LineCrowd.Member::lines).toArray();
            Await.until(() -> allReadMore(first, linesBefore, 4), Duration.ofSeconds(30));
            assertConsecutiveAndOpen(first, "all 3,000, every server up");

            // SIGKILL: the server's clients are cut; new clients go to the other two, even before
            // the checks notice (a refused connection is retried on another server).
            double[] acceptedBefore = {metric(metricsPorts[0], ACCEPTED), metric(metricsPorts[1], ACCEPTED)};
            servers.get(2).close();
            // Connecting while the kernel still tears the killed process down would reach its
            // listener and be reset: no balancer can retry a connection that was made (see docs/scaling.md).
            assertThat(servers.get(2).process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            List<LineCrowd.Member> afterKill = connect(crowd, to, 150, 62);
            awaitFirstLines(afterKill, "new clients after the kill", lbLog);
            assertThat(LineCrowd.where(afterKill, LineCrowd.Member::ended)).as("new clients after the kill").isEmpty();
            Await.until(() -> metric(metricsPorts[0], ACCEPTED) + metric(metricsPorts[1], ACCEPTED)
                    == acceptedBefore[0] + acceptedBefore[1] + 150, Duration.ofSeconds(10));
            assertThat(metric(metricsPorts[0], ACCEPTED)).as("server 1 took some of them").isGreaterThan(acceptedBefore[0]);
            assertThat(metric(metricsPorts[1], ACCEPTED)).as("server 2 took some of them").isGreaterThan(acceptedBefore[1]);
            Await.until(() -> LineCrowd.where(first, LineCrowd.Member::ended).size() == held[2], Duration.ofSeconds(15));
            Await.until(() -> "DOWN".equals(states(stats).get("clock3")), Duration.ofSeconds(15));
            System.out.printf("HaproxyIT: killed server 3: its %d clients ended, 150 new clients on servers 1 and 2%n", held[2]);

            // SIGTERM with --drain 3s: /healthz turns 503, HAProxy takes the server out of
            // rotation while it still runs, and its own clients tick on until it closes.
            int drainingHeld = (int) metric(metricsPorts[0], CONNECTED);
            double secondAccepted = metric(metricsPorts[1], ACCEPTED);
            long signalled = System.nanoTime();
            servers.get(0).terminate();
            Await.until(() -> "DOWN".equals(states(stats).get("clock1")), Duration.ofSeconds(3));
            long downMs = (System.nanoTime() - signalled) / 1_000_000;
            assertThat(servers.get(0).process().isAlive()).as("still draining when marked down").isTrue();
            List<LineCrowd.Member> afterDrain = connect(crowd, to, 150, 68);
            awaitFirstLines(afterDrain, "new clients while server 1 drains", lbLog);
            assertThat(metric(metricsPorts[1], ACCEPTED)).as("every new client went to server 2, none to the draining one")
                    .isEqualTo(secondAccepted + 150);
            assertThat(servers.get(0).awaitExit(Duration.ofSeconds(15)).exitCode()).isZero();
            long stoppedMs = (System.nanoTime() - signalled) / 1_000_000;
            List<LineCrowd.Member> all = crowd.members();
            Await.until(() -> LineCrowd.where(all, LineCrowd.Member::ended).size() == held[2] + drainingHeld, Duration.ofSeconds(15));
            List<LineCrowd.Member> drained = LineCrowd.where(all, m -> m.ended() && !"connection reset".equals(m.endReason())
                    && m.lastLineNanos() > signalled);
            System.out.printf("HaproxyIT: drained server 1: marked down %d ms after SIGTERM, stopped after %d ms; "
                    + "its %d clients ended; HAProxy log: %s%n", downMs, stoppedMs, drainingHeld, lbLog);
            assertThat(LineCrowd.where(drained, m -> m.lastLineNanos() - signalled > 2_000_000_000L))
                    .as("the draining server's clients got lines until it closed, 3 s after SIGTERM").hasSize(drainingHeld);
            assertThat(LineCrowd.where(drained, m -> !"end of stream".equals(m.endReason()))).isEmpty();
            assertConsecutiveAndOpen(LineCrowd.where(all, m -> !m.ended()), "the clients of server 2");
            assertThat(LineCrowd.where(all, m -> !m.ended())).hasSize(CLIENTS + 300 - held[2] - drainingHeld);
        } finally {
            if (lb != null) {
                lb.destroy();
                if (!lb.waitFor(10, TimeUnit.SECONDS)) {
                    lb.destroyForcibly().waitFor();
                }
            }
            servers.forEach(ClockProcess::close);
        }
    }

    private static void awaitFirstLines(List<LineCrowd.Member> members, String who, StringBuilder lbLog) throws InterruptedException {
        try {
            Await.until(() -> LineCrowd.where(members, m -> m.lines() >= 1).size() == members.size(), Duration.ofSeconds(30));
        } catch (AssertionError e) {
            Map<String, Long> how = new java.util.TreeMap<>();
            for (LineCrowd.Member m : members) {
                how.merge(m.lines() > 0 ? "served" : m.ended() ? m.endReason() : "waiting for a line", 1L, Long::sum);
            }
            throw new AssertionError(who + ": " + how + "; HAProxy: " + lbLog, e);
        }
    }

    /** {@code count} new clients from 127.0.0.FIRST onwards, 25 an address. */
    private static List<LineCrowd.Member> connect(LineCrowd crowd, InetSocketAddress to, int count, int firstSource) throws IOException {
        List<LineCrowd.Member> joined = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            joined.add(crowd.connect(new InetSocketAddress("127.0.0." + (firstSource + i / 25), 0), to));
        }
        return joined;
    }

    private static void assertConsecutiveAndOpen(List<LineCrowd.Member> members, String who) {
        assertThat(LineCrowd.where(members, m -> m.firstBreak() != null).stream().map(LineCrowd.Member::firstBreak).limit(5))
                .as("lines that did not follow the one before, %s", who).isEmpty();
        assertThat(LineCrowd.where(members, LineCrowd.Member::ended).stream().map(LineCrowd.Member::endReason).limit(5))
                .as("clients ended, %s", who).isEmpty();
    }

    private static boolean allReadMore(List<LineCrowd.Member> members, int[] before, int more) {
        for (int i = 0; i < before.length; i++) {
            if (members.get(i).lines() < before[i] + more) {
                return false;
            }
        }
        return true;
    }

    /** Each server's state in HAProxy's status page: {@code UP}, {@code DOWN}, ... */
    private Map<String, String> states(int statsPort) {
        Map<String, String> states = new HashMap<>();
        try {
            String csv = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String[] lines = csv.split("\n");
            List<String> header = List.of(lines[0].replaceFirst("^# ", "").split(","));
            int proxy = header.indexOf("pxname");
            int server = header.indexOf("svname");
            int status = header.indexOf("status");
            for (String line : lines) {
                String[] f = line.split(",", -1);
                if (f.length > status && f[proxy].equals("clocks") && f[server].startsWith("clock")) {
                    states.put(f[server], f[status].split(" ")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not up yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return states;
    }

    private static double sum(int[] metricsPorts, String series) {
        double total = 0;
        for (int port : metricsPorts) {
            total += metric(port, series);
        }
        return total;
    }

    private static double metric(int metricsPort, String series) {
        try {
            return PrometheusText.scrape(metricsPort).value(series);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** HAProxy's output, kept for the report: its warnings and its servers going down. */
    private static StringBuilder collect(InputStream output) {
        StringBuilder text = new StringBuilder();
        Thread.ofVirtual().start(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(output, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (text) {
                        text.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // HAProxy is gone
            }
        });
        return text;
    }
}
