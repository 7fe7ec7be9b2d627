package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * A start builds only the subcommand it runs ({@link Main#commandLine(String...)}); what a user
 * sees of it must be what the whole tree ({@link Main#commandLine()}) shows.
 */
class StandaloneSubcommandTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = cmd.setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Stream<String> runnableCommands() {
        return Main.commandLine().getSubcommands().keySet().stream().filter(name -> !name.equals("help"));
    }

    @ParameterizedTest
    @MethodSource("runnableCommands")
    void aCommandNamedFirstIsBuiltAlone(String name) {
        assertThat(Main.commandLine(name, "--help").getSubcommands().keySet()).containsExactly(name);
    }

    @ParameterizedTest
    @MethodSource("runnableCommands")
    void itsUsageIsTheWholeTreesWordForWord(String name) {
        String whole = Main.commandLine().getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF);
        String alone = Main.commandLine(name).getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF);

        assertThat(alone).startsWith("Usage: clock " + name + " ").isEqualTo(whole);
    }

    @ParameterizedTest
    @MethodSource("runnableCommands")
    void helpVersionAndUsageErrorsPrintAndExitAsFromTheWholeTree(String name) {
        for (List<String> args : List.of(List.of(name, "--help"), List.of(name, "-h"), List.of(name, "--version"),
                List.of(name, "--bogus"), List.of(name, "--help", "extra"), List.of(name, "-x", "--bogus"))) {
            String[] argv = args.toArray(String[]::new);
            Run whole = run(Main.commandLine(), argv);
            Run alone = run(Main.commandLine(argv), argv);

            assertThat(alone).as("clock " + String.join(" ", args)).isEqualTo(whole);
        }
    }

    @Test
    void usageErrorsOfOneCommandAreTheWholeTreesToo() {
        for (List<String> args : List.of(List.of("nc", "a", "1", "extra"), List.of("nc", "--connect-timeout"),
                List.of("serve", "--port", "http"), List.of("wall", "A=localhost"), List.of("load", "--connections", "0"))) {
            String[] argv = args.toArray(String[]::new);
            Run whole = run(Main.commandLine(), argv);
            Run alone = run(Main.commandLine(argv), argv);

            assertThat(whole.exitCode()).as("clock " + String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(alone).as("clock " + String.join(" ", args)).isEqualTo(whole);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "--help", "-h", "--version", "bogus", "Nc", ""})
    void anythingElseGetsTheWholeTree(String first) {
        assertThat(Main.commandLine(first).getSubcommands().keySet()).containsExactly("serve", "nc", "wall", "load", "help");
    }

    @Test
    void noArgumentsGetTheWholeTree() {
        assertThat(Main.commandLine(new String[0]).getSubcommands()).hasSize(5);
    }
}
