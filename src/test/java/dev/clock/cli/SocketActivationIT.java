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
 * input ({@code --accept --inetd}, inetd's nowait); and systemd's own protocol, sockets from
 * descriptor 3 up ({@code LISTEN_FDS}), which the JVM takes itself, with every way it can be wrong.
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
        awaitLog("listening socket handed over", Duration.ofSeconds(5));
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
    void underClassicInetdNoLogLineReachesTheClient() throws Exception {
        // Issue 25 item 8: inetd puts the connection on descriptors 0, 1 and 2; systemd-socket-activate
        // --inetd on 0 and 1, and bash puts stderr there too. The log goes to journald, or nowhere.
        List<String> command = new ArrayList<>(List.of("bash", "-c", "exec 2>&1; exec \"$0\" \"$@\""));
        command.addAll(ClockProcess.command("serve", "--interval", "100ms"));
        int port = startActivator(List.of("--accept", "--inetd"), command);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(60_000);
            BufferedReader in = reader(client);
            // The start's log lines come with the first ticks: ten lines, each a time and nothing else.
            for (int i = 0; i < 10; i++) {
                assertThat(in.readLine()).as("line %d", i).matches(HHMMSS);
            }
        }
        Await.until(() -> javaProcesses().isEmpty(), Duration.ofSeconds(15));
    }

    @Test
    void oneClientsConnectionOnDescriptor3IsServedAndTheServerExitsWhenItLeaves() throws Exception {
        // systemd's Accept=yes without StandardInput=socket: the connection on descriptor 3.
        int port = startActivator(List.of("--accept"), ClockProcess.command("serve", "--interval", "200ms"));
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(60_000);
            BufferedReader in = reader(client);
            assertThat(in.readLine()).matches(HHMMSS);
            assertThat(in.readLine()).matches(HHMMSS);
            awaitLog("(LISTEN_FDS): stream, one client's TCP connection to 127.0.0.1:" + port + " from 127.0.0.1:"
                    + client.getLocalPort(), Duration.ofSeconds(5));
        }
        awaitLog("clock serve: the client left; stopping", Duration.ofSeconds(15));
        Await.until(() -> javaProcesses().isEmpty(), Duration.ofSeconds(15));
    }

    @Test
    void oneClientsConnectionIsCheckedByTheAccessPolicyAndRefusedWhenDenied() throws Exception {
        // Issue 25 item 3: in nowait mode --allow and --deny were ignored, and the client was served.
        int port = startActivator(List.of("--accept", "--inetd"), ClockProcess.command("serve", "--deny", "127.0.0.0/8"));
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(60_000);
            assertThat(reader(client).readLine()).as("no line, then the end").isNull();
        }
        awaitLog("stream: refused 127.0.0.1: denied by --allow/--deny", Duration.ofSeconds(15));
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
        assertThat(log).contains("clock serve: a socket was handed over for the stream, but --no-stream turns the stream off: "
                + "drop --no-stream, or start clock serve without the socket");
        assertThat(log).noneMatch(l -> l.contains("Exception") || l.startsWith("\tat "));
    }

    /** Starts {@code line}, its standard error read into {@link #log}; its standard input is nothing. */
    private Process run(List<String> line) throws IOException {
        activator = new ProcessBuilder(line).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        Thread.ofVirtual().start(() -> activator.errorReader(StandardCharsets.UTF_8).lines().forEach(log::add));
        return activator;
    }

    /** {@code clock serve ARGS} run by bash after {@code setup}, with {@code LISTEN_*} set for it as systemd would. */
    private static List<String> withListenFds(String setup, String fds, String... args) {
        List<String> line = new ArrayList<>(List.of("bash", "-c",
                setup + "; export LISTEN_FDS=" + fds + " LISTEN_PID=$$; exec \"$0\" \"$@\""));
        line.addAll(ClockProcess.command(args));
        return line;
    }

    private void assertFailsWithOneLine(String expected) throws InterruptedException {
        assertThat(activator.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(activator.exitValue()).as("exit status; log: %s", log).isEqualTo(ExitCodes.FAILURE);
        Await.until(() -> { synchronized (log) { return log.stream().anyMatch(l -> l.contains(expected)); } }, Duration.ofSeconds(5));
        assertThat(log).noneMatch(l -> l.contains("Exception") || l.startsWith("\tat "));
        assertThat(log).noneMatch(l -> l.contains("listening on"));
    }

    @Test
    void aSocketPassedFromDescriptor3IsServedByJavaItself() throws Exception {
        // Without --inetd, systemd's own protocol: descriptor 3 and LISTEN_FDS, straight to the JVM.
        // --port names the port systemd holds: binding it would fail, so the line proves the socket was served.
        int port = freePort();
        List<String> line = new ArrayList<>(List.of(activate, "--listen=127.0.0.1:" + port));
        line.addAll(ClockProcess.command("serve", "--port", Integer.toString(port)));
        run(line);
        awaitLog("Listening on 127.0.0.1:" + port, Duration.ofSeconds(15));
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(60_000);
            assertThat(reader(client).readLine()).matches(HHMMSS);
        }
        awaitLog("clock serve: took 1 socket(s) handed over from descriptor 3 (LISTEN_FDS): stream, listening TCP on "
                + "127.0.0.1:" + port, Duration.ofSeconds(5));
        awaitLog("stream listening on 127.0.0.1:" + port, Duration.ofSeconds(5));
    }

    /** systemd-socket-activate's -d is for all its sockets: UDP comes from an outer one, passed through the inner. */
    private List<String> everyKindOfDoor(int stream, int http, int ntp, String names, String... args) {
        List<String> line = new ArrayList<>(List.of(activate, "--datagram", "--listen=127.0.0.1:" + ntp, "--fdname=ntp",
                activate, "--listen=127.0.0.1:" + stream, "--listen=127.0.0.1:" + http, "--fdname=" + names));
        line.addAll(ClockProcess.command(args));
        return line;
    }

    /** Starts the outer activator and, with a datagram it keeps queued for the server, the inner one and the server. */
    private void startEveryKindOfDoor(int ntp, List<String> line) throws Exception {
        run(line);
        awaitLog("Listening on 127.0.0.1:" + ntp, Duration.ofSeconds(15));
        try (java.net.DatagramSocket nudge = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] request = new byte[48];
            request[0] = 0x23; // NTP version 4, client: a request the NTP door would answer
            nudge.send(new java.net.DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), ntp));
        }
    }

    @Test
    void socketsForSeveralDoorsArriveClassifiedByTheirNames() throws Exception {
        // Each arrives named and classified (the log line); one for a door the options leave off (here
        // --ntp and --http) would hold its clients unanswered, so it is a one-line error.
        int stream = freePort();
        int http = freePort();
        int ntp = freePort();
        startEveryKindOfDoor(ntp, everyKindOfDoor(stream, http, ntp, "ntp:stream:http", "serve"));
        awaitLog("clock serve: took 3 socket(s) handed over from descriptor 3 (LISTEN_FDS): ntp, UDP on 127.0.0.1:" + ntp
                + ", stream, listening TCP on 127.0.0.1:" + stream + ", http, listening TCP on 127.0.0.1:" + http,
                Duration.ofSeconds(30));
        assertFailsWithOneLine("a socket named 'ntp' was handed over, but no door of that name is served here (served: "
                + "stream): name each socket after its door (FileDescriptorName=), and turn that door on with its option");
    }

    @Test
    void everyDoorServesTheSocketHandedOverForIt() throws Exception {
        // The options name the ports systemd holds: binding any of them would fail.
        int stream = freePort();
        int http = freePort();
        int ntp = freePort();
        startEveryKindOfDoor(ntp, everyKindOfDoor(stream, http, ntp, "ntp:stream:http", "serve", "--port",
                Integer.toString(stream), "--http", Integer.toString(http), "--ntp", Integer.toString(ntp)));
        awaitLog("stream listening on 127.0.0.1:" + stream, Duration.ofSeconds(30));
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), stream)) {
            client.setSoTimeout(60_000);
            assertThat(reader(client).readLine()).matches(HHMMSS);
        }
        try (Socket browser = new Socket(InetAddress.getLoopbackAddress(), http)) {
            browser.setSoTimeout(60_000);
            browser.getOutputStream().write("GET /now HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(reader(browser).readLine()).startsWith("HTTP/1.1 200");
        }
        org.apache.commons.net.ntp.NTPUDPClient ntpClient = new org.apache.commons.net.ntp.NTPUDPClient();
        ntpClient.setDefaultTimeout(Duration.ofSeconds(10));
        try {
            ntpClient.open();
            assertThat(ntpClient.getTime(InetAddress.getLoopbackAddress(), ntp).getMessage().getStratum()).isPositive();
        } finally {
            ntpClient.close();
        }
    }

    @Test
    void aClosedDescriptor3IsAOneLineError() throws Exception {
        run(withListenFds("exec 3<&-", "1", "serve", "--port", "0"));
        assertFailsWithOneLine("descriptor 3 (LISTEN_FDS, named 'stream') was not open when clock serve started (the JVM "
                + "has opened its own file there since): start it from a socket unit or systemd-socket-activate, or unset "
                + "LISTEN_FDS");
    }

    @Test
    void aRegularFileOnDescriptor3IsAnErrorNotIgnored(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("not-a-socket"), "x").toRealPath();
        run(withListenFds("exec 3<" + quote(file.toString()), "1", "serve", "--port", "0"));
        assertFailsWithOneLine("descriptor 3 (LISTEN_FDS, named 'stream') is not a socket but a file, " + file
                + ": hand over a listening TCP socket (ListenStream=), a UDP socket (ListenDatagram=) or one client's "
                + "connection (Accept=yes), or unset LISTEN_FDS");
    }

    @Test
    void aCountThatIsNotANumberIsAOneLineError() throws Exception {
        run(withListenFds("true", "two", "serve", "--port", "0"));
        assertFailsWithOneLine("LISTEN_FDS is 'two', not a number of sockets from 0 to 64");
    }

    @Test
    void moreSocketsThanNamesIsAOneLineError() throws Exception {
        // (systemd-socket-activate fills in names it was not given: bash sets the variables.)
        run(withListenFds("exec 3</dev/null 4</dev/null; export LISTEN_FDNAMES=stream", "2", "serve", "--port", "0"));
        assertFailsWithOneLine("LISTEN_FDS passes 2 socket(s) but LISTEN_FDNAMES ('stream') has 1 name(s): give one name "
                + "a socket, each its door's");
    }

    @Test
    void anUnconnectedTcpSocketOnStandardInputIsAnErrorNotAServerThatAcceptsNothing() throws Exception {
        // Issue 25 item 6: perl (in every Debian, perl-base) puts a bound TCP socket that never listened on descriptor 0.
        String perl = ExternalTool.require("perl", "perl-base");
        List<String> line = new ArrayList<>(List.of(perl, "-MSocket", "-MPOSIX", "-e",
                "socket(my $s, PF_INET, SOCK_STREAM, 0) or die $!; bind($s, pack_sockaddr_in(0, inet_aton('127.0.0.1'))) "
                        + "or die $!; defined(POSIX::dup2(fileno($s), 0)) or die $!; exec @ARGV or die $!"));
        line.addAll(ClockProcess.command("serve", "--port", "0"));
        activator = new ProcessBuilder(line).start();
        Thread.ofVirtual().start(() -> activator.errorReader(StandardCharsets.UTF_8).lines().forEach(log::add));
        assertFailsWithOneLine("standard input is a TCP socket that neither listens nor is connected (bound to 127.0.0.1:");
        assertThat(log).anyMatch(l -> l.endsWith("so no client could ever reach it: hand over a listening TCP socket "
                + "(ListenStream=), a UDP socket (ListenDatagram=) or one client's connection (Accept=yes)"));
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
