package dev.clock.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code clock} command in a child JVM, as a user runs it: same main class and
 * classpath as the test, its own process, signals and exit status.
 */
public final class ClockProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+)");

    private final Process process;
    private final BlockingQueue<String> stderrLines = new LinkedBlockingQueue<>();
    private final List<String> stderr = java.util.Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<String> stdout;

    private ClockProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = process.errorReader(StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    stderr.add(line);
                    stderrLines.add(line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        });
        this.stdout = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    public static ClockProcess start(String... args) throws IOException {
        return start(Map.of(), ProcessBuilder.Redirect.PIPE, args);
    }

    /** The command line that runs {@code clock ARGS} in a child JVM, for a test that drives the process itself. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(MANIFEST_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.clock.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * What the jar's manifest gives a user's {@code java -jar} ({@code Enable-Native-Access},
     * {@code Add-Exports}, {@code Add-Opens}), which {@code -cp} does not read: without them the
     * child would quietly do without the kernel's timestamps, and refuse sockets from descriptor
     * 3. Only a JDK of 22 or newer has them to use; the child runs this JVM's {@link #javaExecutable()}.
     */
    private static final List<String> MANIFEST_OPTIONS = Runtime.version().feature() >= 22
            ? List.of("--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
            : List.of();

    public static ClockProcess start(Map<String, String> env, ProcessBuilder.Redirect stdin, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(args)).redirectInput(stdin);
        builder.environment().putAll(env);
        return new ClockProcess(builder.start());
    }

    /** Starts the command under a small open-file limit, as {@code ulimit -n} sets it. */
    public static ClockProcess startWithFileLimit(int limit, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + limit + " && exec \"$0\" \"$@\""));
        command.addAll(command(args));
        return new ClockProcess(new ProcessBuilder(command).start());
    }

    /** Starts clock run some other way (in a container, under another program), its log read as {@link #start} reads it. */
    public static ClockProcess startCommand(List<String> command) throws IOException {
        return new ClockProcess(new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start());
    }

    /** Runs a command that ends by itself, with nothing on stdin. */
    public static Result run(Duration timeout, String... args) throws Exception {
        try (ClockProcess p = start(Map.of(), ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()), args)) {
            return p.awaitExit(timeout);
        }
    }

    public static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Waits for the server's start line and returns the port it reports. */
    public int awaitListeningPort(Duration timeout) throws InterruptedException {
        return Integer.parseInt(awaitLog(LISTENING, timeout).group(2));
    }

    /**
     * The port a start line such as {@code clock serve: daytime listening on 127.0.0.1:PORT} or
     * {@code clock serve: metrics on http://127.0.0.1:PORT} reports for {@code service}.
     */
    public int awaitServicePort(String service) throws InterruptedException {
        return Integer.parseInt(awaitLog(Pattern.compile("clock serve: " + Pattern.quote(service)
                + " (?:listening )?on (?:http://)?(\\S+):(\\d+)"), Duration.ofSeconds(15)).group(2));
    }

    /** Waits for a stderr line, seen before or after this call, that {@code pattern} finds something in. */
    public Matcher awaitLog(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stderr) {
            for (String line : stderr) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
        }
        while (true) {
            long left = deadline - System.nanoTime();
            String line = stderrLines.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no line matching '" + pattern + "' within " + timeout + "; stderr: " + stderr + ", alive: " + process.isAlive());
            }
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
        }
    }

    public int awaitListeningPort() throws InterruptedException {
        return awaitListeningPort(Duration.ofSeconds(15));
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    /** Sends SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    /** Sends a signal by name (INT, TERM, ...). */
    public void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    public Result awaitExit(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after " + timeout + "; stderr: " + stderr);
        }
        String out = stdout.get(5, TimeUnit.SECONDS);
        // stderr is read on its own thread: give it the moment it needs to reach the end.
        for (int i = 0; i < 100 && stderrReaderBusy(); i++) {
            Thread.sleep(10);
        }
        return new Result(process.exitValue(), out, List.copyOf(stderr));
    }

    private boolean stderrReaderBusy() {
        try {
            return process.getErrorStream().available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    public List<String> stderrSoFar() {
        return List.copyOf(stderr);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** How a command ended. */
    public record Result(int exitCode, String stdout, List<String> stderr) {
        public String stderrText() {
            return String.join("\n", stderr);
        }
    }
}
