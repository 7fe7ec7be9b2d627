package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.ClockProcess.Result;
import dev.clock.testing.ClockProcess;
import dev.clock.testing.ExternalTool;
import java.io.BufferedReader;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The book's exercise 8.1: three real servers in three zones, one real {@code clock wall}. */
@Timeout(90)
class WallCommandIT {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private final List<ClockProcess> servers = new ArrayList<>();
    private int newYork;
    private int london;
    private int tokyo;

    @BeforeEach
    void startThreeCities() throws Exception {
        newYork = start(Map.of("TZ", "US/Eastern"), "serve", "-p", "0");
        london = start(Map.of(), "serve", "-p", "0", "--zone", "Europe/London");
        tokyo = start(Map.of(), "serve", "-p", "0", "--zone", "Asia/Tokyo", "--bind", "::1");
    }

    @AfterEach
    void stopThem() {
        servers.forEach(ClockProcess::close);
    }

    private int start(Map<String, String> env, String... args) throws Exception {
        ClockProcess p = ClockProcess.start(env, ProcessBuilder.Redirect.PIPE, args);
        servers.add(p);
        return p.awaitListeningPort();
    }

    private String[] wall(String... options) {
        List<String> args = new ArrayList<>(List.of("wall"));
        args.addAll(List.of(options));
        args.addAll(List.of("NewYork=localhost:" + newYork, "London=127.0.0.1:" + london, "Tokyo=[::1]:" + tokyo));
        return args.toArray(String[]::new);
    }

    @Test
    void onceShowsEveryCityInItsZoneAndExitsZero() throws Exception {
        Result result = ClockProcess.run(Duration.ofSeconds(30), wall("--once"));

        assertThat(result.exitCode()).as(result.stderrText()).isZero();
        List<String> lines = result.stdout().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("NewYork  \\d\\d:\\d\\d:\\d\\d");
        assertThat(lines.get(1)).matches("London   \\d\\d:\\d\\d:\\d\\d");
        assertThat(lines.get(2)).matches("Tokyo    \\d\\d:\\d\\d:\\d\\d");
        Instant ny = utc(lines.get(0).substring(9), NEW_YORK);
        assertThat(Duration.between(ny, utc(lines.get(1).substring(9), LONDON)).abs()).isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(Duration.between(ny, utc(lines.get(2).substring(9), TOKYO)).abs()).isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void streamsPlainLinesShowsADeadServerAsDownAndBringsItBack() throws Exception {
        Process wall = new ProcessBuilder(ClockProcess.command(wall())).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        BlockingQueue<String> out = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = wall.inputReader(StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    out.add(line);
                }
            } catch (Exception e) {
                // the process ended
            }
        });
        Pattern all = Pattern.compile("NewYork (\\d\\d:\\d\\d:\\d\\d)  London (\\d\\d:\\d\\d:\\d\\d)  Tokyo (\\d\\d:\\d\\d:\\d\\d)");
        try {
            // Lines of one tick, drawn together: the times are the same instant, offset by their zones.
            // The wall draws changes 20 ms apart once, so a busy machine may first draw a line where
            // one server's tick is yet to come: wait for the tick that every clock has.
            Matcher m = all.matcher(await(out, l -> all.matcher(l).matches() && oneInstant(all.matcher(l)), Duration.ofSeconds(15)));
            assertThat(m.matches()).isTrue();
            assertThat(out.stream().noneMatch(l -> l.contains("\033"))).as("no escape codes in a pipe").isTrue();
            Instant ny = utc(m.group(1), NEW_YORK);
            assertThat(utc(m.group(2), LONDON)).isEqualTo(ny);
            assertThat(utc(m.group(3), TOKYO)).isEqualTo(ny);

            ClockProcess tokyoServer = servers.get(2);
            tokyoServer.terminate();
            tokyoServer.awaitExit(Duration.ofSeconds(5));
            String down = await(out, l -> l.matches("NewYork \\S+  London \\S+  Tokyo down \\(connection refused\\)"), Duration.ofSeconds(10));
            String later = await(out, l -> l.contains("Tokyo down") && !l.startsWith(down.substring(0, 16)), Duration.ofSeconds(5));
            assertThat(later).as("the others keep updating while Tokyo is down").startsWith("NewYork ");

            start(Map.of(), "serve", "-p", Integer.toString(tokyo), "--zone", "Asia/Tokyo", "--bind", "::1");
            await(out, l -> all.matcher(l).matches(), Duration.ofSeconds(20));
        } finally {
            wall.destroy();
            wall.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void onceWithADeadServerSaysWhichAndExitsOne() throws Exception {
        servers.get(1).terminate();
        servers.get(1).awaitExit(Duration.ofSeconds(5));

        Result result = ClockProcess.run(Duration.ofSeconds(30), wall("--once"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout().lines().toList().get(1)).isEqualTo("London   down (connection refused)");
        assertThat(result.stderr()).containsExactly("clock wall: London: down (connection refused)");
    }

    @Test
    void badClocksAreUsageErrors() throws Exception {
        for (String[] args : List.of(new String[] {"wall"}, new String[] {"wall", "NewYork"}, new String[] {"wall", "=localhost:1"},
                new String[] {"wall", "A=localhost:99999"}, new String[] {"wall", "A=localhost:1", "A=localhost:2"},
                new String[] {"wall", "A=::1:8000"})) {
            Result result = ClockProcess.run(Duration.ofSeconds(20), args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(result.stderr()).as(String.join(" ", args)).singleElement().asString()
                    .startsWith("clock wall: ").endsWith("(see 'clock wall --help')");
        }
    }

    @Test
    void inAPipeItEndsQuietlyWhenTheReaderGoes() throws Exception {
        Result result = NcCommandIT.runShell("timeout 20 " + shellWords(ClockProcess.command("wall", "NY=localhost:" + newYork))
                + " </dev/null | head -2; echo \"status ${PIPESTATUS[0]}\"");

        List<String> lines = result.stdout().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).as("wall ends, status 0, once head has read enough (124: timeout killed it)").isEqualTo("status 0");
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void theTableFitsTheRealTerminalAndFollowsItsResizes() throws Exception {
        String tmux = ExternalTool.require("tmux", "tmux");
        List<String> args = new ArrayList<>(List.of("wall"));
        for (int i = 1; i <= 50; i++) {
            args.add(String.format("c%02d=localhost:%d", i, newYork));
        }
        try (Tmux pane = new Tmux(tmux, 40, 24, ClockProcess.command(args.toArray(String[]::new)))) {
            // Each screen is awaited whole: until the clocks have answered, the rows say connecting.
            pane.awaitScreen(screen -> screen.size() == 24
                    && screen.get(0).equals("CLOCK  TIME      STATUS")
                    && screen.subList(1, 22).stream().allMatch(row -> row.matches("c\\d\\d    \\d\\d:\\d\\d:\\d\\d"))
                    && screen.get(22).equals("… 29 more clocks: enlarge the window")
                    && screen.get(23).isEmpty());

            pane.resize(60, 60);
            pane.awaitScreen(screen -> screen.size() == 60
                    && screen.get(0).equals("CLOCK  TIME      STATUS")
                    && IntStream.rangeClosed(1, 50).allMatch(i -> screen.get(i).matches(String.format("c%02d    \\d\\d:\\d\\d:\\d\\d", i)))
                    && screen.subList(51, 60).stream().allMatch(String::isEmpty)); // nothing left of the last drawing

            pane.resize(20, 6);
            pane.awaitScreen(screen -> screen.size() == 6
                    && screen.get(0).equals("CLOCK  TIME      ST…")
                    && IntStream.rangeClosed(1, 3).allMatch(i -> screen.get(i).matches(String.format("c%02d    \\d\\d:\\d\\d:\\d\\d", i)))
                    && screen.get(4).equals("… 47 more clocks: e…")
                    && screen.get(5).isEmpty());
        }
    }

    @Test
    void aServerCannotWriteToTheTerminal() throws Exception {
        String tmux = ExternalTool.require("tmux", "tmux");
        try (ServerSocket evil = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = evil.accept()) {
                    while (true) {
                        s.getOutputStream().write("\033[2J\033]0;pwned\007hello world\n".getBytes(StandardCharsets.UTF_8));
                        Thread.sleep(200);
                    }
                } catch (Exception e) {
                    // the test is over
                }
            });
            List<String> command = ClockProcess.command("wall", "NewYork=localhost:" + newYork, "Evil=localhost:" + evil.getLocalPort());
            try (Tmux pane = new Tmux(tmux, 80, 10, command)) {
                String title = pane.title();
                pane.awaitScreen(screen -> screen.get(0).equals("CLOCK    TIME      STATUS")
                        && screen.get(1).matches("NewYork  \\d\\d:\\d\\d:\\d\\d")
                        && screen.get(2).equals("Evil     --:--:--  not a time: \"\uFFFD[2J\uFFFD]0;pwned\uFFFDhello world\""));
                assertThat(pane.title()).as("the pane's title").isEqualTo(title).isNotEqualTo("pwned");
            }
        }
    }

    /** A detached tmux server of its own, one pane running a command: a terminal a test can read and resize. */
    private static final class Tmux implements AutoCloseable {
        private final String tmux;
        private final String socket = "clock-wall-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        private List<String> last = List.of();

        Tmux(String tmux, int columns, int rows, List<String> command) throws Exception {
            this.tmux = tmux;
            List<String> args = new ArrayList<>(List.of("new-session", "-d", "-s", "wall", "-x", Integer.toString(columns), "-y", Integer.toString(rows)));
            args.addAll(command);
            run(args.toArray(String[]::new));
        }

        void awaitScreen(Predicate<List<String>> wanted) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                last = run("capture-pane", "-p", "-t", "wall").lines().toList();
                if (wanted.test(last)) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no such screen within 20 s; the last one:\n" + String.join("\n", last));
        }

        void resize(int columns, int rows) throws Exception {
            run("resize-window", "-t", "wall", "-x", Integer.toString(columns), "-y", Integer.toString(rows));
        }

        String title() throws Exception {
            return run("display-message", "-p", "-t", "wall", "#{pane_title}").strip();
        }

        private String run(String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(tmux, "-L", socket));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("tmux " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        }

        @Override
        public void close() throws Exception {
            new ProcessBuilder(tmux, "-L", socket, "kill-server").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String shellWords(List<String> words) {
        return String.join(" ", words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").toList());
    }

    private static String await(BlockingQueue<String> lines, Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (wanted.test(line)) {
                    return line;
                }
            }
        }
        throw new AssertionError("no such line within " + timeout + "; saw " + seen);
    }

    /** The UTC instant a time of day in {@code zone} names, today (or across midnight, the nearest). */
    /** Whether a matched wall line's New York, London and Tokyo times are one instant. */
    private static boolean oneInstant(Matcher line) {
        if (!line.matches()) {
            return false;
        }
        Instant ny = utc(line.group(1), NEW_YORK);
        return utc(line.group(2), LONDON).equals(ny) && utc(line.group(3), TOKYO).equals(ny);
    }

    private static Instant utc(String time, ZoneId zone) {
        LocalTime t = LocalTime.parse(time);
        LocalDate today = LocalDate.now(zone);
        Instant now = Instant.now();
        Instant best = null;
        for (LocalDate d : List.of(today.minusDays(1), today, today.plusDays(1))) {
            Instant candidate = d.atTime(t).atZone(zone).toInstant();
            if (best == null || Duration.between(candidate, now).abs().compareTo(Duration.between(best, now).abs()) < 0) {
                best = candidate;
            }
        }
        return best.atOffset(ZoneOffset.UTC).toInstant();
    }
}
