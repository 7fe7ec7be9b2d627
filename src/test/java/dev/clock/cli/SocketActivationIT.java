package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.Await;
import dev.clock.testing.ClockProcess;
import dev.clock.testing.ExternalTool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code clock serve} started by systemd's own test tool, {@code systemd-socket-activate}, which
 * holds the port and starts the server on the first connection, as {@code clock.socket} does: the
 * listening socket on standard input ({@code --inetd}), and one client's connection on standard
 * input ({@code --accept --inetd}, inetd's nowait). The launcher's descriptor-3 route is PackageIT's.
 */
@Timeout(120)
class SocketActivationIT {
    private static final Pattern HHMMSS = Pattern.compile("\\d\\d:\\d\\d:\\d\\d");

    private String activate;
    private Process activator;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void tool() {
        activate = ExternalTool.require("systemd-socket-activate", "systemd");
    }

    @AfterEach
    void stop() {
        if (activator != null) {
            activator.descendants().forEach(ProcessHandle::destroyForcibly);
            activator.destroyForcibly();
        }
    }

    /** A port free a moment ago, for systemd-socket-activate, which cannot report one it chose. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private int startActivator(List<String> options, List<String> command) throws Exception {
        int port = freePort();
        List<String> line = new ArrayList<>(List.of(activate, "--listen=127.0.0.1:" + port));
        line.addAll(options);
        line.addAll(command);
        activator = new ProcessBuilder(line).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = activator.errorReader(StandardCharsets.UTF_8)) {
                for (String l; (l = r.readLine()) != null; ) {
                    log.add(l);
                }
            } catch (IOException e) {
                // the process is gone
            }
        });
        awaitLog("Listening on 127.0.0.1:" + port, Duration.ofSeconds(15));
        return port;
    }

    private void awaitLog(String text, Duration timeout) throws InterruptedException {
        try {
            Await.until(() -> { synchronized (log) { return log.stream().anyMatch(l -> l.contains(text)); } }, timeout);
        } catch (AssertionError e) {
            throw new AssertionError("no log line containing '" + text + "' within " + timeout + "; log: " + log, e);
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    private List<ProcessHandle> javaProcesses() {
        List<ProcessHandle> all = new ArrayList<>();
        if (activator.isAlive()) {
            all.add(activator.toHandle());
        }
        activator.descendants().forEach(all::add);
        return all.stream().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).toList();
    }

    @Test
    void aClientThatConnectsBeforeTheServerIsUpGetsItsFirstLineOnceItIs() throws Exception {
        // --port names the port systemd holds: binding it would fail, so the line proves the socket was served.
        int port = freePort();
        List<String> line = new ArrayList<>(List.of(activate, "--listen=127.0.0.1:" + port, "--inetd"));
        line.addAll(ClockProcess.command("serve", "--port", Integer.toString(port)));
        activator = new ProcessBuilder(line).start();
        Thread.ofVirtual().start(() -> activator.errorReader(StandardCharsets.UTF_8).lines().forEach(log::add));
        awaitLog("Listening on 127.0.0.1:" + port, Duration.ofSeconds(15));
        assertThat(javaProcesses()).as("nothing runs until the first connection").isEmpty();

        try (Socket first = new Socket(InetAddress.getLoopbackAddress(), port);
             Socket second = new Socket(InetAddress.getLoopbackAddress(), port)) {
            first.setSoTimeout(60_000);
            second.setSoTimeout(60_000);
            assertThat(reader(first).readLine()).matches(HHMMSS);
            assertThat(reader(second).readLine()).matches(HHMMSS);
        }
        awaitLog("serving the listening socket on standard input", Duration.ofSeconds(5));
        awaitLog("stream listening on 127.0.0.1:" + port, Duration.ofSeconds(5)); // logged as it starts: clients may come first
        assertThat(javaProcesses()).hasSize(1);
    }

    @Test
    void killingAndRestartingTheServerLosesNoConnectionAttemptMadeMeanwhile() throws Exception {
        // As systemd restarts a service while clock.socket holds its port: the shell holds the
        // listening socket on its standard input and starts a new server each time one dies.
        String serve = String.join(" ", ClockProcess.command("serve").stream().map(SocketActivationIT::quote).toList());
        int port = startActivator(List.of("--inetd"), List.of("bash", "-c", "while :; do " + serve + "; done"));

        try (Socket before = new Socket(InetAddress.getLoopbackAddress(), port)) {
            before.setSoTimeout(60_000);
            BufferedReader in = reader(before);
            assertThat(in.readLine()).matches(HHMMSS);
            List<ProcessHandle> servers = javaProcesses();
            assertThat(servers).hasSize(1);
            servers.getFirst().destroyForcibly();
            assertThat(servers.getFirst().onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();

            // Made while no server runs: the kernel queues them on the socket the shell still holds.
            List<Socket> meanwhile = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                    s.setSoTimeout(60_000);
                    meanwhile.add(s);
                }
                for (Socket s : meanwhile) {
                    assertThat(reader(s).readLine()).matches(HHMMSS);
                }
            } finally {
                for (Socket s : meanwhile) {
                    s.close();
                }
            }
            // The first server's client was closed with it.
            assertThat(readToEnd(in)).isTrue();
        }
    }

    private static boolean readToEnd(BufferedReader in) throws IOException {
        try {
            while (in.readLine() != null) {
                // lines sent before the kill
            }
            return true;
        } catch (java.net.SocketException e) {
            return true; // reset by the kill: ended all the same
        }
    }

    @Test
    void oneClientsConnectionIsServedAndTheServerExitsWhenItLeaves() throws Exception {
        int port = startActivator(List.of("--accept", "--inetd"), ClockProcess.command("serve", "--interval", "200ms"));
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(60_000);
            BufferedReader in = reader(client);
            assertThat(in.readLine()).matches(HHMMSS);
            assertThat(in.readLine()).matches(HHMMSS);
            awaitLog("one client from standard input", Duration.ofSeconds(5));
            assertThat(javaProcesses()).hasSize(1);
        }
        awaitLog("clock serve: the client left; stopping", Duration.ofSeconds(15));
        awaitLog("clock serve: stopped", Duration.ofSeconds(15));
        Await.until(() -> javaProcesses().isEmpty(), Duration.ofSeconds(15));
    }

    @Test
    void aSocketWithNoStreamToServeIsAOneLineError() throws Exception {
        int port = freePort();
        List<String> line = new ArrayList<>(List.of(activate, "--listen=127.0.0.1:" + port, "--inetd"));
        line.addAll(ClockProcess.command("serve", "--no-stream", "--daytime", "0"));
        activator = new ProcessBuilder(line).start();
        Thread.ofVirtual().start(() -> activator.errorReader(StandardCharsets.UTF_8).lines().forEach(log::add));
        awaitLog("Listening on 127.0.0.1:" + port, Duration.ofSeconds(15));
        new Socket(InetAddress.getLoopbackAddress(), port).close();
        assertThat(activator.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(activator.exitValue()).isEqualTo(ExitCodes.FAILURE);
        assertThat(log).contains("clock serve: standard input is a socket, for the stream, but --no-stream turns the stream off: "
                + "drop --no-stream, or start clock serve without the socket");
        assertThat(log).noneMatch(l -> l.contains("Exception") || l.startsWith("\tat "));
    }

    @Test
    void socketsPassedFromDescriptor3StraightToJavaAreAnErrorNotIgnored() throws Exception {
        // Without --inetd, systemd's own protocol: descriptor 3 and LISTEN_FDS, which only the launcher moves to stdin.
        int port = freePort();
        List<String> line = new ArrayList<>(List.of(activate, "--listen=127.0.0.1:" + port));
        line.addAll(ClockProcess.command("serve", "--port", "0"));
        activator = new ProcessBuilder(line).start();
        Thread.ofVirtual().start(() -> activator.errorReader(StandardCharsets.UTF_8).lines().forEach(log::add));
        awaitLog("Listening on 127.0.0.1:" + port, Duration.ofSeconds(15));
        new Socket(InetAddress.getLoopbackAddress(), port).close();
        assertThat(activator.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(activator.exitValue()).isEqualTo(ExitCodes.FAILURE);
        assertThat(log).anyMatch(l -> l.startsWith("clock serve: cannot serve the socket on standard input: systemd passed 1 "
                + "socket(s) from descriptor 3 (LISTEN_FDS)"));
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
