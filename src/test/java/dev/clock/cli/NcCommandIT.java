package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.client.Netcat;
import dev.clock.testing.ClockProcess.Result;
import dev.clock.testing.ClockProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code clock nc} against servers that are not clock, and against clock, as a real process. */
@Timeout(60)
class NcCommandIT {

    @Test
    void copiesWhatAnyLineServerSendsAndExitsZeroWhenItCloses() throws Exception {
        try (ServerSocket server = loopbackServer()) {
            CompletableFuture<Void> serve = serveOnce(server, (in, out) -> out.write("hello\nworld\n".getBytes(StandardCharsets.UTF_8)));

            Result result = ClockProcess.run(Duration.ofSeconds(20), "nc", "localhost", Integer.toString(server.getLocalPort()));

            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).isEqualTo("hello\nworld\n");
            assertThat(result.stderr()).isEmpty();
            serve.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void withDashNItSendsStdinThenClosesOnlyItsSendingHalfAndKeepsPrinting(@TempDir Path dir) throws Exception {
        // The server answers only after it has seen the end of the client's input: a client that
        // closed its whole socket at stdin's end would never print the answer.
        Path input = Files.writeString(dir.resolve("in.txt"), "ping\nping again\n");
        try (ServerSocket server = loopbackServer()) {
            CompletableFuture<Void> serve = serveOnce(server, (in, out) -> {
                String received = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                out.write(received.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
                out.write("bye\n".getBytes(StandardCharsets.UTF_8));
            });

            try (ClockProcess nc = ClockProcess.start(java.util.Map.of(), ProcessBuilder.Redirect.from(input.toFile()),
                    "nc", "-N", "127.0.0.1:" + server.getLocalPort())) {
                Result result = nc.awaitExit(Duration.ofSeconds(20));

                assertThat(result.exitCode()).isZero();
                assertThat(result.stdout()).isEqualTo("PING\nPING AGAIN\nbye\n");
            }
            serve.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void withStdinFromDevNullItStillPrintsTheClockAndEndsQuietlyWhenHeadHasEnough() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "-i", "100ms", "-f", "HH:mm:ss.SSS")) {
            int port = server.awaitListeningPort();
            Result result = runShell(ncCommand("localhost", Integer.toString(port)) + " </dev/null | head -2; echo \"status ${PIPESTATUS[0]}\"");

            List<String> lines = result.stdout().lines().toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.subList(0, 2)).allMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d00"));
            assertThat(lines.get(2)).as("nc ends quietly when head has read enough (EPIPE)").isEqualTo("status 0");
            assertThat(result.stderr()).isEmpty();
        }
    }

    @Test
    void aStdoutThatCannotBeWrittenIsOneLineAndStatusOne() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "-i", "100ms")) {
            int port = server.awaitListeningPort();
            Result result = runShell(ncCommand("localhost", Integer.toString(port)) + " </dev/null >/dev/full; echo \"status $?\"");

            assertThat(result.stdout()).isEqualTo("status 1\n");
            assertThat(result.stderr()).containsExactly("clock nc: cannot write to stdout: no space left on device");
        }
    }

    @Test
    void aServerThatRefusesUsIsOneLineWithItsReasonAndStatusOne(@TempDir Path dir) throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "--max-clients", "1")) {
            int port = server.awaitListeningPort();
            try (Socket first = new Socket("localhost", port)) {
                // Its first line means it is admitted: the one place is taken.
                new java.io.BufferedReader(new java.io.InputStreamReader(first.getInputStream(), StandardCharsets.US_ASCII)).readLine();

                Result result = ClockProcess.run(Duration.ofSeconds(20), "nc", "localhost", Integer.toString(port));

                assertThat(result.exitCode()).isEqualTo(1);
                assertThat(result.stdout()).isEmpty();
                assertThat(result.stderr()).containsExactly(
                        "clock nc: localhost:" + port + " refused the connection: server full, try again later");

                // With input sent, the server closes on bytes it never read, which may reset the
                // connection right after the line: still the same refusal.
                Path input = Files.writeString(dir.resolve("in.txt"), "hello\n");
                try (ClockProcess nc = ClockProcess.start(java.util.Map.of(), ProcessBuilder.Redirect.from(input.toFile()),
                        "nc", "localhost", Integer.toString(port))) {
                    Result withInput = nc.awaitExit(Duration.ofSeconds(20));
                    assertThat(withInput.exitCode()).isEqualTo(1);
                    assertThat(withInput.stderr()).containsExactly(
                            "clock nc: localhost:" + port + " refused the connection: server full, try again later");
                }
            }
        }
    }

    @Test
    void aFirstLineLikeARefusalFromAServerThatGoesOnIsOrdinaryOutput() throws Exception {
        try (ServerSocket server = loopbackServer()) {
            CompletableFuture<Void> serve = serveOnce(server, (in, out) -> {
                out.write("clock: hello\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                sleep(Duration.ofMillis(200));
                out.write("15:04:05\n".getBytes(StandardCharsets.UTF_8));
            });
            Result result = ClockProcess.run(Duration.ofSeconds(20), "nc", "localhost", Integer.toString(server.getLocalPort()));

            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).isEqualTo("clock: hello\n15:04:05\n");
            assertThat(result.stderr()).isEmpty();
            serve.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFirstLineLikeARefusalFromAServerThatClosesOnlyLaterIsOrdinaryOutput() throws Exception {
        try (ServerSocket server = loopbackServer()) {
            CompletableFuture<Void> serve = serveOnce(server, (in, out) -> {
                out.write("clock: hello\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                sleep(Netcat.REFUSAL_WINDOW.multipliedBy(3));
            });
            Result result = ClockProcess.run(Duration.ofSeconds(20), "nc", "localhost", Integer.toString(server.getLocalPort()));

            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).isEqualTo("clock: hello\n");
            assertThat(result.stderr()).isEmpty();
            serve.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRefusedConnectionIsOneLineAndStatusOne() throws Exception {
        int port;
        try (ServerSocket closed = loopbackServer()) {
            port = closed.getLocalPort();
        }
        Result result = ClockProcess.run(Duration.ofSeconds(20), "nc", "localhost", Integer.toString(port));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).containsExactly("clock nc: cannot connect to localhost:" + port + ": connection refused");
    }

    @Test
    void anUnknownHostIsOneLineAndStatusOne() throws Exception {
        Result result = ClockProcess.run(Duration.ofSeconds(20), "nc", "no-such-host.invalid", "8000");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).containsExactly("clock nc: cannot connect to no-such-host.invalid:8000: unknown host");
    }

    @Test
    void aConnectionResetIsOneLineAndStatusOne() throws Exception {
        try (ServerSocket server = loopbackServer()) {
            CompletableFuture<Void> serve = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write("one\n".getBytes(StandardCharsets.UTF_8));
                    s.getInputStream().readAllBytes(); // nc is up: its stdin, /dev/null, has ended
                    s.setSoLinger(true, 0); // close with RST
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Result result = ClockProcess.run(Duration.ofSeconds(20), "nc", "-N", "localhost:" + server.getLocalPort());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).singleElement().asString()
                    .isEqualTo("clock nc: connection to localhost:" + server.getLocalPort() + " lost: connection reset");
            serve.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void badArgumentsAreUsageErrors() throws Exception {
        for (String[] args : List.of(new String[] {"nc", "localhost", "http"}, new String[] {"nc", "::1:8000"},
                new String[] {"nc", "a", "1", "extra"}, new String[] {"nc", "--bogus"})) {
            Result result = ClockProcess.run(Duration.ofSeconds(20), args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(result.stderr()).as(String.join(" ", args)).singleElement().asString()
                    .startsWith("clock nc: ").endsWith("(see 'clock nc --help')");
        }
    }

    private static String ncCommand(String... args) {
        return "'" + ClockProcess.javaExecutable() + "' -cp '" + System.getProperty("java.class.path") + "' dev.clock.cli.Main nc "
                + String.join(" ", args);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ServerSocket loopbackServer() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    interface Conversation {
        void run(InputStream in, OutputStream out) throws IOException;
    }

    private static CompletableFuture<Void> serveOnce(ServerSocket server, Conversation conversation) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = server.accept()) {
                conversation.run(s.getInputStream(), s.getOutputStream());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, r -> Thread.ofPlatform().start(r));
    }

    static Result runShell(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, err.get().lines().toList());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
