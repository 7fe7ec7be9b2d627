package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clock.testing.ExternalTool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The distribution that {@code ./package} writes to target/dist, as a user gets it: the tarball
 * unpacked and run with a bare environment, its man pages, completion and systemd units, and the
 * .deb's metadata, contents, and an install and removal in a throwaway root. {@code .ci/run} builds
 * the distribution before the tests; here it is only found, and one older than the sources fails
 * (in CI) or skips (elsewhere) with the command to run.
 */
@Timeout(180)
class PackageIT {
    private static final Path DIST = Path.of("target", "dist").toAbsolutePath();
    private static final Pattern HHMMSS = Pattern.compile("\\d\\d:\\d\\d:\\d\\d");
    /** jdk.httpserver went with the JDK's server for the metrics: they are served by clock's own HTTP listener. */
    private static final List<String> MODULES = List.of("java.base", "java.logging", "java.management",
            "jdk.management", "jdk.unsupported");
    private static final Map<String, String> BARE = Map.of("PATH", "/usr/bin:/bin");

    private static Path tarball;
    private static Path deb;
    private static Path unpacked;
    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        tarball = find("clock-*-linux-x64.tar.gz");
        deb = find("clock_*_amd64.deb");
        unpacked = Files.createTempDirectory("clock-dist");
        run(List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()), Map.of(), Duration.ofSeconds(60));
        try (Stream<Path> tops = Files.list(unpacked)) {
            home = tops.findFirst().orElseThrow();
        }
    }

    @AfterAll
    static void clean() throws Exception {
        if (unpacked != null) {
            run(List.of("rm", "-rf", unpacked.toString()), Map.of(), Duration.ofSeconds(60));
        }
    }

    /** The newest build of the distribution, if it is newer than everything it is built from. */
    private static Path find(String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(DIST)) {
            try (var files = Files.newDirectoryStream(DIST, glob)) {
                files.forEach(found::add);
            }
        }
        String missing = null;
        if (found.size() != 1) {
            missing = "target/dist has " + found.size() + " files " + glob + ": run ./package (.ci/run does, before the tests)";
        } else {
            FileTime built = Files.getLastModifiedTime(found.getFirst());
            Path newer = newestSource();
            if (Files.getLastModifiedTime(newer).compareTo(built) > 0) {
                missing = found.getFirst().getFileName() + " is older than " + newer + ": run ./package";
            }
        }
        if (missing != null) {
            if ("true".equals(System.getenv("CLOCK_REQUIRE_EXTERNAL_TOOLS"))) {
                throw new AssertionError(missing);
            }
            assumeTrue(false, missing);
        }
        return found.getFirst();
    }

    private static Path newestSource() throws IOException {
        List<Path> roots = List.of(Path.of("src/main"), Path.of("deploy"), Path.of("pom.xml"), Path.of("package"), Path.of("scripts"),
                Path.of("README.md"), Path.of("LICENSE"));
        Path newest = Path.of("pom.xml");
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    if (Files.getLastModifiedTime(f).compareTo(Files.getLastModifiedTime(newest)) > 0) {
                        newest = f;
                    }
                }
            }
        }
        return newest;
    }

    record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> command, Map<String, String> env, Duration timeout) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (!env.isEmpty()) {
            builder.environment().clear();
            builder.environment().putAll(env);
        }
        Process p = builder.start();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        var outText = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(out));
        var errText = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(err));
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " still running after " + timeout);
        }
        return new Result(p.exitValue(), outText.get(10, TimeUnit.SECONDS), errText.get(10, TimeUnit.SECONDS));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result ok(List<String> command, Map<String, String> env) throws Exception {
        Result r = run(command, env, Duration.ofSeconds(60));
        assertThat(r.exit()).as(command + " failed: " + r.err()).isZero();
        return r;
    }

    private String clock() {
        return home.resolve("bin/clock").toString();
    }

    @Test
    void theTarballHoldsTheLauncherJarsRuntimeDocsAndUnits() throws Exception {
        String version = tarball.getFileName().toString().replaceFirst("^clock-(.*)-linux-x64\\.tar\\.gz$", "$1");
        assertThat(home.getFileName().toString()).isEqualTo("clock-" + version);
        for (String file : List.of("bin/clock", "app/clock.jar", "runtime/bin/java", "lib/clock.aot", "lib/systemd/system/clock.service",
                "lib/systemd/system/clock.socket", "share/bash-completion/completions/clock", "share/doc/clock/README.md",
                "share/doc/clock/LICENSE", "etc/default/clock")) {
            assertThat(home.resolve(file)).as(file).isRegularFile();
        }
        assertThat(Files.isExecutable(home.resolve("bin/clock"))).isTrue();
        try (Stream<Path> pages = Files.list(home.resolve("share/man/man1"))) {
            assertThat(pages.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "clock-help.1.gz", "clock-load.1.gz", "clock-nc.1.gz", "clock-serve.1.gz", "clock-wall.1.gz", "clock.1.gz");
        }
        try (Stream<Path> jars = Files.list(home.resolve("app/lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString()).toList()).anyMatch(n -> n.startsWith("picocli-"))
                    .anyMatch(n -> n.startsWith("prometheus-metrics-core-"));
        }
        // Of the runtime's launchers only java: jwebserver and keytool came with their modules.
        try (Stream<Path> launchers = Files.list(home.resolve("runtime/bin"))) {
            assertThat(launchers.map(p -> p.getFileName().toString()).toList()).containsExactly("java");
        }
        // Only what jdeps found the jars use, and what those modules need.
        Result modules = ok(List.of(home.resolve("runtime/bin/java").toString(), "--list-modules"), BARE);
        assertThat(modules.out().lines().map(l -> l.replaceFirst("@.*", "")).toList()).containsExactlyInAnyOrderElementsOf(MODULES);
        long bytes;
        try (Stream<Path> files = Files.walk(home)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("PackageIT: %s is %.1f MB, %.1f MB unpacked%n", tarball.getFileName(),
                Files.size(tarball) / 1e6, bytes / 1e6);
        assertThat(bytes).as("unpacked size").isLessThan(60L * 1024 * 1024);
    }

    @Test
    void theTarballCarriesTheLicenceOfClockAndThoseOfWhatItBundles() throws Exception {
        assertThat(home.resolve("share/doc/clock/LICENSE")).hasSameTextualContentAs(Path.of("LICENSE"));
        assertThat(Files.readString(home.resolve("share/doc/clock/LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
        // picocli and the Prometheus client are Apache-2.0 too; the runtime carries its own.
        assertThat(Files.readString(home.resolve("runtime/legal/java.base/LICENSE"))).contains("GNU General Public License")
                .contains("\"CLASSPATH\" EXCEPTION TO THE GPL");
    }

    @Test
    void eachCommandsHelpIsTheWholeTreesHelpForIt() throws Exception {
        // `clock nc --help` builds nc alone; `clock help nc` builds every command, as all help did before.
        for (String command : List.of("serve", "nc", "wall", "load")) {
            Result alone = ok(List.of(clock(), command, "--help"), BARE);
            Result whole = ok(List.of(clock(), "help", command), BARE);
            assertThat(alone.out()).as(command).startsWith("Usage: clock " + command + " ").isEqualTo(whole.out());
        }
        Result usage = run(List.of(clock(), "nc", "--bogus"), BARE, Duration.ofSeconds(60));
        assertThat(usage.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(usage.err()).isEqualTo("clock nc: unknown option: '--bogus' (see 'clock nc --help')\n");
    }

    @Test
    void itServesAndConnectsWithABareEnvironmentOnItsOwnJavaRuntime() throws Exception {
        // As env -i PATH=/usr/bin:/bin: nothing of the test's JAVA_HOME or PATH reaches either process.
        ProcessBuilder serve = new ProcessBuilder(clock(), "serve", "--bind", "127.0.0.1", "--port", "0")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).redirectErrorStream(true);
        serve.environment().clear();
        serve.environment().putAll(BARE);
        Process server = serve.start();
        try {
            int port = awaitPort(server);
            Path exe = Files.readSymbolicLink(Path.of("/proc", Long.toString(server.pid()), "exe"));
            assertThat(exe).isEqualTo(home.resolve("runtime/bin/java").toRealPath());

            ProcessBuilder nc = new ProcessBuilder(List.of(clock(), "nc", "127.0.0.1", Integer.toString(port)));
            nc.environment().clear();
            nc.environment().putAll(BARE);
            Process client = nc.start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(in.readLine()).matches(HHMMSS);
                Path clientExe = Files.readSymbolicLink(Path.of("/proc", Long.toString(client.pid()), "exe"));
                assertThat(clientExe).isEqualTo(home.resolve("runtime/bin/java").toRealPath());
            } finally {
                client.destroyForcibly();
            }
        } finally {
            server.destroy();
            assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private int awaitPort(Process server) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
        List<String> seen = new ArrayList<>();
        for (String line; (line = in.readLine()) != null; ) {
            seen.add(line);
            Matcher m = listening.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> {
                    try {
                        in.lines().forEach(l -> { });
                    } catch (UncheckedIOException e) {
                        // The server was stopped and its output closed: nothing more to drain.
                    }
                });
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server ended before listening: " + seen);
    }

    @Test
    void aStartReadsPicocliAndClockFromTheAotCacheAndPrintsTheFirstLineQuickly() throws Exception {
        int port;
        Path classLog = unpacked.resolve("class-load.log");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        s.getOutputStream().write("12:34:56\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "CLOCK_JAVA_OPTS", "-Xlog:class+load:file=" + classLog);
            assertThat(ok(List.of(clock(), "nc", "127.0.0.1", Integer.toString(port)), env).out()).isEqualTo("12:34:56\n");
            List<String> loads = Files.readAllLines(classLog);
            assertThat(loads).anyMatch(l -> l.contains(" picocli.CommandLine source: shared objects file"))
                    .anyMatch(l -> l.contains(" dev.clock.cli.NcCommand source: shared objects file"));
            long fromJars = loads.stream().filter(l -> l.contains("source: file:")).count();
            assertThat(fromJars).as("classes read from the jars rather than the cache").isLessThan(10);
            // An annotation read costs a start a proxy class made at run time, which no cache holds.
            assertThat(loads).as("annotation proxies made by clock nc's start")
                    .noneMatch(l -> l.contains("source: __dynamic_proxy__"));

            long[] millis = new long[5];
            for (int i = 0; i < millis.length; i++) {
                ProcessBuilder nc = new ProcessBuilder(clock(), "nc", "127.0.0.1", Integer.toString(port));
                nc.environment().clear();
                nc.environment().putAll(BARE);
                long start = System.nanoTime();
                Process p = nc.start();
                p.getInputStream().read();
                millis[i] = (System.nanoTime() - start) / 1_000_000;
                p.waitFor(10, TimeUnit.SECONDS);
            }
            Arrays.sort(millis);
            System.out.printf("PackageIT: clock nc's first line %d ms after launch (median of 5: %s)%n", millis[2], Arrays.toString(millis));
            // 150 ms on a quiet machine; this bound only catches a start that lost its cache on a busy one.
            assertThat(millis[2]).isLessThan(3_000);
        }
    }

    @Test
    void everyManPageRendersAndManFindsThem() throws Exception {
        Path dir = home.resolve("share/man/man1");
        for (String page : List.of("clock", "clock-serve", "clock-nc", "clock-wall", "clock-load", "clock-help")) {
            Result r = ok(List.of("man", "-l", dir.resolve(page + ".1.gz").toString()), Map.of("PATH", "/usr/bin:/bin", "MANPAGER", "cat",
                    "MANWIDTH", "100", "LANG", "C.UTF-8"));
            assertThat(r.out()).as(page).contains("NAME").contains(page.replace('-', ' ')).doesNotContain("ERROR");
            assertThat(r.err()).as(page).isEmpty();
        }
        Result serve = ok(List.of("man", "-l", dir.resolve("clock-serve.1.gz").toString()),
                Map.of("PATH", "/usr/bin:/bin", "MANPAGER", "cat", "MANWIDTH", "200"));
        // AsciiDoc's "::" in a description once swallowed half of this option's text.
        assertThat(serve.out()).contains("0.0.0.0 for every IPv4 interface, :: for every interface");
        Result found = ok(List.of("man", "-w", "clock-serve"), Map.of("PATH", "/usr/bin:/bin", "MANPATH", home.resolve("share/man").toString()));
        assertThat(found.out().strip()).isEqualTo(dir.resolve("clock-serve.1.gz").toString());
    }

    @Test
    void bashCompletesCommandsAndOptions() throws Exception {
        String completion = home.resolve("share/bash-completion/completions/clock").toString();
        assertThat(Files.readString(Path.of(completion))).as("sourced, never run: no #! line").doesNotStartWith("#!");
        assertThat(complete(completion, "clock se")).isEqualTo("serve");
        assertThat(complete(completion, "clock serve --zo")).isEqualTo("--zone");
        assertThat(complete(completion, "clock n")).isEqualTo("nc");
    }

    /** What the generated completion function offers for {@code line}, completing its last word. */
    private static String complete(String script, String line) throws Exception {
        String words = String.join(" ", Arrays.stream(line.split(" ")).map(w -> "'" + w + "'").toList());
        String program = "source '" + script + "' 2>/dev/null; COMP_WORDS=(" + words + "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); "
                + "COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; _complete_clock 2>/dev/null; echo \"${COMPREPLY[*]}\"";
        return ok(List.of("bash", "-c", program), BARE).out().strip();
    }

    @Test
    void theSystemdUnitsVerifyAndTheServiceIsSandboxed() throws Exception {
        String analyze = ExternalTool.require("systemd-analyze", "systemd");
        Path units = Files.createDirectory(unpacked.resolve("units"));
        for (String unit : List.of("clock.service", "clock.socket")) {
            String text = Files.readString(home.resolve("lib/systemd/system/" + unit));
            // Installed by the .deb at /opt/clock; here, the unpacked copy.
            Files.writeString(units.resolve(unit), text.replace("/opt/clock/bin/clock", clock()));
        }
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "MANPATH", home.resolve("share/man").toString());
        Result verify = run(List.of(analyze, "verify", units.resolve("clock.service").toString(), units.resolve("clock.socket").toString()),
                env, Duration.ofSeconds(60));
        assertThat(verify.exit()).as(verify.err()).isZero();
        assertThat(verify.out() + verify.err()).isEmpty();

        Result security = run(List.of(analyze, "security", "--offline=true", "--no-pager", units.resolve("clock.service").toString()),
                env, Duration.ofSeconds(60));
        Matcher level = Pattern.compile("Overall exposure level for clock\\.service: (\\d+\\.\\d)").matcher(security.out());
        assertThat(level.find()).as(security.out() + security.err()).isTrue();
        System.out.println("PackageIT: systemd-analyze security: " + level.group());
        assertThat(Double.parseDouble(level.group(1))).isLessThanOrEqualTo(2.0);
        assertThat(security.out()).contains("✓ User=/DynamicUser=").contains("✓ NoNewPrivileges=");
    }

    @Test
    void theDebNamesItselfAndPutsEachFileWhereItsToolLooks() throws Exception {
        String info = ok(List.of("dpkg-deb", "--info", deb.toString()), BARE).out();
        assertThat(info).contains(" Package: clock\n").contains(" Architecture: amd64\n").contains(" Depends: libc6")
                .containsPattern(" Version: \\d+\\.\\d+\\.\\d+").contains(" Installed-Size: ")
                .contains(" conffiles").contains(" postinst").contains(" prerm").contains(" postrm");
        String contents = ok(List.of("dpkg-deb", "--contents", deb.toString()), BARE).out();
        assertThat(contents.lines()).allMatch(l -> l.contains(" root/root "), "every file owned by root");
        assertThat(contents.lines().filter(l -> l.contains("./opt/clock/runtime/bin/")).map(l -> l.replaceFirst(".* \\./", "")))
                .containsExactly("opt/clock/runtime/bin/", "opt/clock/runtime/bin/java");
        assertThat(contents).contains("./opt/clock/bin/clock\n").contains("./opt/clock/runtime/bin/java\n")
                .contains("./opt/clock/app/clock.jar\n").contains("./opt/clock/lib/clock.aot\n")
                .contains("./usr/bin/clock -> /opt/clock/bin/clock\n")
                .contains("./usr/share/man/man1/clock-serve.1.gz\n")
                .contains("./usr/share/bash-completion/completions/clock\n")
                .contains("./lib/systemd/system/clock.service\n").contains("./lib/systemd/system/clock.socket\n")
                .contains("./etc/default/clock\n").contains("./usr/share/doc/clock/README.md\n")
                .contains("./usr/share/doc/clock/copyright\n").contains("./usr/share/doc/clock/changelog.gz\n")
                .contains("./usr/share/lintian/overrides/clock\n");
        Result conffiles = ok(List.of("dpkg-deb", "--info", deb.toString(), "conffiles"), BARE);
        assertThat(conffiles.out().strip()).isEqualTo("/etc/default/clock");
    }

    /**
     * The .deb's licence in Debian's machine-readable form: clock's own, then each bundled part's,
     * each pattern matching files the package has, each licence named spelled out or pointed at.
     */
    @Test
    void theDebsCopyrightNamesTheLicenceOfEveryPart() throws Exception {
        Path root = Files.createDirectory(unpacked.resolve("deb-copyright"));
        ok(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), BARE);
        String copyright = Files.readString(root.resolve("usr/share/doc/clock/copyright"));

        assertThat(copyright).startsWith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n")
                .contains("\nFiles: *\nCopyright: 2026 the clock authors\nLicense: Apache-2.0\n")
                .contains("\nLicense: Apache-2.0\n").contains("\"/usr/share/common-licenses/Apache-2.0\"")
                .contains("\nLicense: GPL-2 with Classpath exception\n").contains("\"/usr/share/common-licenses/GPL-2\"")
                .contains("/opt/clock/runtime/legal");
        Matcher files = Pattern.compile("(?m)^Files: (.+)$").matcher(copyright);
        List<String> patterns = new ArrayList<>();
        while (files.find()) {
            patterns.add(files.group(1));
        }
        assertThat(patterns).containsExactly("*", "opt/clock/app/lib/picocli-*.jar", "opt/clock/app/lib/prometheus-metrics-*.jar",
                "opt/clock/runtime/*");
        for (String pattern : patterns.subList(1, patterns.size())) {
            var matcher = root.getFileSystem().getPathMatcher("glob:" + pattern);
            try (Stream<Path> all = Files.walk(root)) {
                assertThat(all.map(root::relativize)).as(pattern).anyMatch(matcher::matches);
            }
        }
        assertThat(root.resolve("opt/clock/runtime/legal/java.base/LICENSE")).isRegularFile();
    }

    /**
     * Debian's checks of a package: no errors. What the package does on purpose is overridden, with the
     * reason, in deploy/debian/lintian-overrides; no warnings.
     */
    @Test
    void lintianFindsNoErrors() throws Exception {
        String lintian = ExternalTool.require("lintian", "lintian");
        Result r = run(List.of(lintian, "--no-tag-display-limit", deb.toString()), Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
                Duration.ofSeconds(120));
        List<String> tags = r.out().lines().filter(l -> l.matches("^[EW]: .*")).toList();
        System.out.println("PackageIT: lintian: " + (tags.isEmpty() ? "no errors or warnings" : String.join("; ", tags)));
        assertThat(tags).as(r.out() + r.err()).noneMatch(l -> l.startsWith("E: "));
        assertThat(tags).as("warnings").isEmpty();
    }

    /**
     * dpkg's own install and removal, into a root of the test's: files land, the command runs from
     * there, removal leaves only the configuration, purge leaves nothing. It does not cover what a
     * real system adds: systemd is not running here, so daemon-reload and the units' start are not
     * exercised, and the package's maintainer scripts skip systemd under dpkg --root (DPKG_ROOT).
     */
    @Test
    void theDebInstallsRunsAndRemovesCleanlyInAThrowawayRoot() throws Exception {
        Path root = Files.createDirectory(unpacked.resolve("root"));
        Files.createDirectories(root.resolve("var/lib/dpkg/info"));
        Files.createDirectories(root.resolve("var/lib/dpkg/updates"));
        Files.writeString(root.resolve("var/lib/dpkg/status"), "");
        List<String> dpkg = List.of("dpkg", "--root=" + root, "--force-script-chrootless", "--force-depends", "--log=/dev/null");
        Map<String, String> env = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");

        ok(concat(dpkg, "--install", deb.toString()), env);
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/clock"))).isEqualTo(Path.of("/opt/clock/bin/clock"));
        assertThat(root.resolve("usr/share/man/man1/clock.1.gz")).isRegularFile();
        assertThat(root.resolve("lib/systemd/system/clock.socket")).isRegularFile();
        assertThat(Files.readString(root.resolve("etc/default/clock"))).contains("CLOCK_OPTS=");
        Result version = ok(List.of(root.resolve("opt/clock/bin/clock").toString(), "--version"), BARE);
        assertThat(version.out()).startsWith("clock ");
        assertThat(ok(concat(dpkg, "--status", "clock"), env).out()).contains("Status: install ok installed");

        ok(concat(dpkg, "--remove", "clock"), env);
        assertThat(root.resolve("opt/clock")).doesNotExist();
        assertThat(root.resolve("usr/bin/clock")).doesNotExist();
        assertThat(root.resolve("etc/default/clock")).as("configuration kept until purge").isRegularFile();
        ok(concat(dpkg, "--purge", "clock"), env);
        try (Stream<Path> left = Files.walk(root)) {
            assertThat(left.filter(Files::isRegularFile).filter(p -> !p.startsWith(root.resolve("var/lib/dpkg"))).toList()).isEmpty();
        }
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(b));
        return all;
    }

    @Test
    void theLauncherHandsSystemdsDescriptor3ToClockServe() throws Exception {
        String activate = ExternalTool.require("systemd-socket-activate", "systemd");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // Without --inetd: descriptor 3 and LISTEN_FDS, as clock.socket starts clock.service.
        ProcessBuilder builder = new ProcessBuilder(activate, "--listen=127.0.0.1:" + port, clock(), "serve", "--port", Integer.toString(port))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(BARE);
        Process activator = builder.start();
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread.ofVirtual().start(() -> activator.inputReader(StandardCharsets.UTF_8).lines().forEach(log::add));
        try {
            dev.clock.testing.Await.until(() -> log.stream().anyMatch(l -> l.contains("Listening on")), Duration.ofSeconds(15));
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                client.setSoTimeout(60_000);
                String line = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                assertThat(line).as("log: " + log).matches(HHMMSS);
            }
            // Taken by the JVM itself (Java 22+), not moved to standard input by the launcher.
            assertThat(log).anyMatch(l -> l.contains("took 1 socket(s) handed over from descriptor 3 (LISTEN_FDS): stream, "
                    + "listening TCP on 127.0.0.1:" + port));
            assertThat(log).anyMatch(l -> l.contains("listening socket handed over"));
        } finally {
            activator.descendants().forEach(ProcessHandle::destroyForcibly);
            activator.destroyForcibly();
        }
    }
}
