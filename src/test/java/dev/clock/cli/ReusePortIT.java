package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.Await;
import dev.clock.testing.ClockProcess;
import dev.clock.testing.LineClient;
import dev.clock.testing.PrometheusText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code clock serve --reuse-port}: several processes on one port, the kernel spreading new
 * clients over them, and a swap from an old process to a new one that turns no client away.
 */
@Timeout(120)
class ReusePortIT {
    private static final String CONNECTED = "clock_clients_connected{protocol=\"stream\"}";
    private static final String ACCEPTED = "clock_connections_accepted_total{protocol=\"stream\"}";
    private static final Pattern TIME = Pattern.compile("\\d\\d:\\d\\d:\\d\\d");

    @Test
    void twoProcessesShareOnePortAndTheKernelSpreadsTheClients() throws Exception {
        try (ClockProcess first = ClockProcess.start("serve", "-p", "0", "--reuse-port", "--metrics", "0")) {
            int port = first.awaitListeningPort();
            try (ClockProcess second = ClockProcess.start("serve", "-p", "" + port, "--reuse-port", "--metrics", "0")) {
                assertThat(second.awaitListeningPort()).isEqualTo(port);
                int firstMetrics = first.awaitServicePort("metrics");
                int secondMetrics = second.awaitServicePort("metrics");

                // 200 clients from 127.0.0.2 .. 127.0.0.11, 20 each: under the default
                // --max-per-source (100) and --max-connect-rate (50, burst 100) of either process.
                List<Socket> clients = new ArrayList<>();
                try {
                    for (int i = 0; i < 200; i++) {
                        Socket s = connect("127.0.0." + (2 + i % 10), port);
                        clients.add(s);
                        assertThat(firstLine(s)).as("client %d's first line", i).matches(TIME);
                    }
                    Await.until(() -> connected(firstMetrics) + connected(secondMetrics) == 200, Duration.ofSeconds(10));
                    int a = connected(firstMetrics);
                    int b = connected(secondMetrics);
                    System.out.printf("ReusePortIT: 200 clients on one port: %d on the first process, %d on the second%n", a, b);
                    // A fair hash gives 100 each, σ ≈ 7: 50 is seven σ away.
                    assertThat(a).as("clients on the first process").isBetween(50, 150);
                    assertThat(b).as("clients on the second process").isBetween(50, 150);
                } finally {
                    for (Socket s : clients) {
                        s.close();
                    }
                }
            }
        }
    }

    @Test
    void aProcessThatDidNotAskCannotTakeASharedPortNorShareAnUnsharedOne() throws Exception {
        try (ClockProcess shared = ClockProcess.start("serve", "-p", "0", "--reuse-port")) {
            int port = shared.awaitListeningPort();
            ClockProcess.Result plain = ClockProcess.run(Duration.ofSeconds(30), "serve", "-p", "" + port);
            assertThat(plain.exitCode()).isEqualTo(1);
            assertThat(plain.stderrText()).contains("cannot listen on localhost:" + port + " (--port): address already in use");
        }
        try (ClockProcess unshared = ClockProcess.start("serve", "-p", "0")) {
            int port = unshared.awaitListeningPort();
            ClockProcess.Result sharing = ClockProcess.run(Duration.ofSeconds(30), "serve", "-p", "" + port, "--reuse-port");
            assertThat(sharing.exitCode()).isEqualTo(1);
            assertThat(sharing.stderrText()).contains("address already in use; a shared port needs --reuse-port in every "
                    + "process that binds it, all run by the same user");
        }
    }

    @Test
    void reusePortWithoutTheStreamSharesTheOtherDoors() throws Exception {
        // Issue 25: --reuse-port shared only the stream's port, and without the stream it was an error.
        try (ClockProcess first = ClockProcess.start("serve", "--no-stream", "--daytime", "0", "--http", "0", "--reuse-port")) {
            int daytime = first.awaitServicePort("daytime");
            int http = first.awaitServicePort("http");
            try (ClockProcess second = ClockProcess.start("serve", "--no-stream", "--daytime", "" + daytime, "--http", "" + http,
                    "--reuse-port")) {
                assertThat(second.awaitServicePort("daytime")).isEqualTo(daytime);
                assertThat(second.awaitServicePort("http")).isEqualTo(http);
                first.terminate();
                first.awaitExit(Duration.ofSeconds(30));
                try (LineClient client = new LineClient(daytime)) {
                    assertThat(client.readLine()).as("daytime, from the second process alone").isNotBlank();
                }
            }
        }
    }

    /**
     * The upgrade: the new process joins the port, the old one gets SIGTERM with {@code --drain}.
     * A client dials every 10 ms throughout (four of them, to press on the moment the old
     * listener closes), and every attempt must get its first line: none refused, none reset, none
     * closed before a line. The old process's own client keeps ticking through the drain and then
     * sees the end of the stream.
     */
    @Test
    void aSwapUnderReusePortTurnsNoClientAway() throws Exception {
        // The dialers come from 127.0.0.1 at 400 a second: lift the per-source limits, which this is not about.
        String[] limits = {"--max-per-source", "10000", "--max-connect-rate", "10000"};
        try (ClockProcess old = ClockProcess.start(args("serve", "-p", "0", "--reuse-port", "--metrics", "0", "--drain", "2s", limits))) {
            int port = old.awaitListeningPort();
            int oldMetrics = old.awaitServicePort("metrics");
            Socket oldClient = connect("127.0.0.1", port);
            Await.until(() -> connected(oldMetrics) == 1, Duration.ofSeconds(10));
            BufferedReader oldLines = reader(oldClient);
            assertThat(oldLines.readLine()).matches(TIME);

            Dialers dialers = Dialers.start(port, 4, Duration.ofMillis(10));
            try (ClockProcess fresh = ClockProcess.start(args("serve", "-p", "" + port, "--reuse-port", "--metrics", "0", limits))) {
                fresh.awaitListeningPort();
                int freshMetrics = fresh.awaitServicePort("metrics");
                Await.until(() -> accepted(freshMetrics) > 20, Duration.ofSeconds(20)); // the kernel sends it clients

                double oldBefore = accepted(oldMetrics);
                long signalled = System.nanoTime();
                old.terminate();
                // Draining: /healthz is 503, yet the kernel still hashes some new clients to the
                // old listener, and it serves them: they get their line like any other.
                Await.until(() -> accepted(oldMetrics) > oldBefore + 10, Duration.ofSeconds(2));
                int ticksInDrain = 0;
                for (String line; (line = oldLines.readLine()) != null; ) {
                    assertThat(line).matches(TIME);
                    ticksInDrain++;
                }
                assertThat(old.awaitExit(Duration.ofSeconds(15)).exitCode()).isZero();
                long stoppedMs = (System.nanoTime() - signalled) / 1_000_000;
                assertThat(ticksInDrain).as("the old process's client kept ticking through the 2 s drain").isGreaterThanOrEqualTo(1);

                int beforeAfter = dialers.attempts();
                Await.until(() -> dialers.attempts() > beforeAfter + 100, Duration.ofSeconds(10)); // and on, past the close
                Dialers.Tally tally = dialers.stop();
                System.out.printf("ReusePortIT: swap: %d attempts over the swap (old stopped %d ms after SIGTERM), "
                        + "%d failed %s; the old client got %d lines while draining%n",
                        tally.attempts(), stoppedMs, tally.failed(), tally.reasons(), ticksInDrain);
                assertThat(tally.failed()).as("attempts that got no first line: %s", tally.reasons()).isZero();
                assertThat(tally.attempts()).isGreaterThan(200);
            } finally {
                dialers.stop();
                oldClient.close();
            }
        }
    }

    private static String[] args(String first, Object... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        for (Object o : rest) {
            if (o instanceof String[] many) {
                all.addAll(List.of(many));
            } else {
                all.add((String) o);
            }
        }
        return all.toArray(String[]::new);
    }

    /** Clients that each dial, read the first line and hang up, again and again. */
    private static final class Dialers {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger attempts = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final ConcurrentHashMap<String, AtomicInteger> reasons = new ConcurrentHashMap<>();
        private final List<Thread> threads = new ArrayList<>();

        static Dialers start(int port, int count, Duration every) {
            Dialers d = new Dialers();
            for (int i = 0; i < count; i++) {
                d.threads.add(Thread.ofVirtual().start(() -> d.dial(port, every)));
            }
            return d;
        }

        private void dial(int port, Duration every) {
            while (running.get()) {
                attempts.incrementAndGet();
                try (Socket s = connect("127.0.0.1", port)) {
                    String line = firstLine(s);
                    if (line == null || !TIME.matcher(line).matches()) {
                        fail(line == null ? "closed before a line" : "not a time: " + line);
                    }
                } catch (IOException e) {
                    fail(dev.clock.net.Reasons.of(e));
                }
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void fail(String reason) {
            failed.incrementAndGet();
            reasons.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
        }

        int attempts() {
            return attempts.get();
        }

        Tally stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
            return new Tally(attempts.get(), failed.get(), reasons.toString());
        }

        record Tally(int attempts, int failed, String reasons) {
        }
    }

    private static Socket connect(String from, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(5_000);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static String firstLine(Socket s) throws IOException {
        return reader(s).readLine();
    }

    private static int connected(int metricsPort) {
        return (int) metric(metricsPort, CONNECTED);
    }

    private static double accepted(int metricsPort) {
        return metric(metricsPort, ACCEPTED);
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
}
