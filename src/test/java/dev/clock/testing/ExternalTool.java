package dev.clock.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real program that is not ours (netcat-openbsd, rdate, tmux), for interoperability tests.
 * Missing locally, the test is skipped with the reason; in CI ({@code CLOCK_REQUIRE_EXTERNAL_TOOLS=true},
 * set by .ci/run, which installs them) a missing tool fails the test instead.
 */
public final class ExternalTool {
    private ExternalTool() {
    }

    public static String require(String program, String debianPackage) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        String reason = program + " is not installed (apt-get install " + debianPackage + "; .ci/run installs it)";
        if ("true".equals(System.getenv("CLOCK_REQUIRE_EXTERNAL_TOOLS"))) {
            throw new AssertionError(reason);
        }
        assumeTrue(false, reason);
        return program;
    }
}
