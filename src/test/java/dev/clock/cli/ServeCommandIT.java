package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.ClockProcess.Result;
import dev.clock.testing.ClockProcess;
import dev.clock.testing.LineClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code clock serve} as a user runs it: a real process, real sockets, real signals. */
@Timeout(60)
class ServeCommandIT {

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void logsWhereItListensServesAndStopsOnASignalWithStatusZeroWithinTwoSeconds(String signal) throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "--port", "0", "--zone", "Asia/Tokyo")) {
            int port = server.awaitListeningPort();
            assertThat(server.stderrSoFar().getLast())
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z INFO  clock serve: stream listening on 127\\.0\\.0\\.1:" + port
                            + " \\(concurrent, max \\d+ clients, zone Asia/Tokyo, interval 1s, format HH:mm:ss\\)");
            try (LineClient client = new LineClient(port)) {
                assertCloseToNow(client.readLine(), ZoneId.of("Asia/Tokyo"));

                long signalled = System.nanoTime();
                server.signal(signal);
                Result result = server.awaitExit(Duration.ofSeconds(5));

                assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(2));
                assertThat(result.exitCode()).isZero();
                // A tick may have gone out just before the close; then the stream ends.
                String last = client.readLine();
                for (int i = 0; i < 2 && last != null; i++) {
                    last = client.readLine();
                }
                assertThat(last).as("the client is closed, not left hanging").isNull();
            }
        }
    }

    @Test
    void honoursTheTzVariable() throws Exception {
        try (ClockProcess server = ClockProcess.start(Map.of("TZ", "US/Eastern"), ProcessBuilder.Redirect.PIPE, "serve", "-p", "0")) {
            int port = server.awaitListeningPort();
            assertThat(server.stderrSoFar().getLast()).contains("zone US/Eastern");
            try (LineClient client = new LineClient(port)) {
                assertCloseToNow(client.readLine(), ZoneId.of("America/New_York"));
            }
        }
    }

    @Test
    void takesAFixedOffsetAPatternAndAShortInterval() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "-z", "+05:30", "-f", "HH:mm:ss.SSS xxx", "-i", "250ms")) {
            int port = server.awaitListeningPort();
            try (LineClient client = new LineClient(port)) {
                client.readLine();
                String a = client.readLine();
                String b = client.readLine();
                assertThat(a).endsWith(" +05:30").matches("\\d\\d:\\d\\d:\\d\\d\\.(000|250|500|750) \\+05:30");
                assertThat(Duration.between(LocalTime.parse(a.substring(0, 12)), LocalTime.parse(b.substring(0, 12))))
                        .isEqualTo(Duration.ofMillis(250));
                assertCloseToNow(a.substring(0, 8), ZoneId.of("+05:30"));
            }
        }
    }

    @Test
    void aPortInUseIsOneLineAndStatusOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Result result = ClockProcess.run(Duration.ofSeconds(20), "serve", "--port", Integer.toString(taken.getLocalPort()));

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).containsExactly(
                    "clock serve: cannot listen on localhost:" + taken.getLocalPort() + " (--port): address already in use");
        }
    }

    @Test
    void anAddressThatIsNotThisMachinesIsOneLineAndStatusOne() throws Exception {
        Result result = ClockProcess.run(Duration.ofSeconds(20), "serve", "--bind", "192.0.2.1", "--port", "0");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).containsExactly("clock serve: cannot listen on 192.0.2.1:0 (--port): not an address of this machine");
    }

    /** The rest of bad usage is checked in-process by ServeCommandTest; these show the real process's status and stream. */
    static Stream<Arguments> badUsage() {
        return Stream.of(
                Arguments.of(new String[] {"serve", "--port", "abc"}, "'abc' is not a port"),
                Arguments.of(new String[] {"serve", "--daytime", "0", "--time", "0", "--metrics", "18005", "--port", "18005"},
                        "--port and --metrics both ask for port 18005"),
                Arguments.of(new String[] {"serve", "--format", "15:04:05"}, "write 'HH:mm:ss'"),
                Arguments.of(new String[] {"frobnicate"}, "frobnicate"),
                Arguments.of(new String[] {}, "missing a command"));
    }

    @ParameterizedTest
    @MethodSource("badUsage")
    void badUsageIsOneLineThatSaysWhatAndPointsToHelpWithStatusTwo(String[] args, String what) throws Exception {
        Result result = ClockProcess.run(Duration.ofSeconds(20), args);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).hasSize(1);
        assertThat(result.stderr().getFirst()).startsWith("clock").contains(what).contains("--help'");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void sighupStopsGracefullyWithStatusZero() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "--port", "0")) {
            int port = server.awaitListeningPort();
            try (LineClient client = new LineClient(port)) {
                client.readLine();
                server.signal("HUP");
                Result result = server.awaitExit(Duration.ofSeconds(5));
                assertThat(result.exitCode()).isZero();
                assertThat(result.stderr()).anyMatch(l -> l.endsWith("clock serve: stopped"));
            }
        }
    }

    @Test
    void aTzThatIsNoZoneIsWarnedAboutAndServedAsUtc() throws Exception {
        try (ClockProcess server = ClockProcess.start(Map.of("TZ", "garbage"), ProcessBuilder.Redirect.PIPE, "serve", "-p", "0")) {
            int port = server.awaitListeningPort();
            assertThat(server.stderrSoFar()).anyMatch(l -> l.contains("WARN  clock serve: TZ='garbage' is not a time zone: serving UTC"));
            assertThat(server.stderrSoFar().getLast()).contains("zone UTC");
            try (LineClient client = new LineClient(port)) {
                assertCloseToNow(client.readLine(), ZoneId.of("UTC"));
            }
        }
    }

    @Test
    void aTzFilePathKeepsItsZone() throws Exception {
        try (ClockProcess server = ClockProcess.start(Map.of("TZ", "/usr/share/zoneinfo/Asia/Tokyo"), ProcessBuilder.Redirect.PIPE,
                "serve", "-p", "0")) {
            int port = server.awaitListeningPort();
            assertThat(server.stderrSoFar().getLast()).contains("zone Asia/Tokyo");
            try (LineClient client = new LineClient(port)) {
                assertCloseToNow(client.readLine(), ZoneId.of("Asia/Tokyo"));
            }
        }
    }

    /** The line shows the time in that zone, to the second, give or take the second it took. */
    static void assertCloseToNow(String line, ZoneId zone) {
        LocalTime shown = LocalTime.parse(line);
        LocalTime now = LocalTime.now(zone).truncatedTo(ChronoUnit.SECONDS);
        assertThat(shown).isIn(now, now.minusSeconds(1), now.minusSeconds(2));
    }
}
