package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** nc's model is built in code ({@link NcCommand}); what a user sees must read as the annotated commands'. */
class NcCommandTest {

    private static String usage(String command) {
        return Main.commandLine().getSubcommands().get(command).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /** The help and version options' lines, with the padding of their column made one space. */
    private static List<String> standardOptions(String usage) {
        return usage.lines()
                .filter(line -> line.contains("--help") || line.contains("--version"))
                .map(line -> line.strip().replaceAll("\\s+", " "))
                .toList();
    }

    @Test
    void itsHelpAndVersionOptionsReadAsTheAnnotatedCommands() {
        assertThat(standardOptions(usage("nc")))
                .containsExactly("-h, --help Show this help message and exit.", "-V, --version Print version information and exit.")
                .isEqualTo(standardOptions(usage("serve")));
    }

    @Test
    void itsUsageShowsEveryOptionAndTheDefaults() {
        assertThat(usage("nc"))
                .startsWith("Usage: clock nc [-hNV] [--connect-timeout=DURATION] [HOST[:PORT]] [PORT]")
                .contains("Give up connecting after this long (default: 10s).")
                .contains("-N, --send-eof")
                .contains("Exit status: 0 the server closed");
    }

    @Test
    void versionPrintsTheVersionAndExitsZero() {
        StringWriter out = new StringWriter();
        int code = Main.commandLine("nc", "--version").setOut(new PrintWriter(out)).execute("nc", "--version");

        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("clock ").contains(" on Java ");
    }

    @Test
    void aBadTimeoutIsAUsageError() {
        StringWriter err = new StringWriter();
        String[] args = {"nc", "--connect-timeout", "0s", "localhost"};
        int code = Main.commandLine(args).setErr(new PrintWriter(err)).execute(args);

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).isEqualTo("clock nc: invalid value for option '--connect-timeout': '0s' is too short: "
                + "use 1ms or more (see 'clock nc --help')" + System.lineSeparator());
    }
}
