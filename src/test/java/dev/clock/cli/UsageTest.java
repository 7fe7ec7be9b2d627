package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command tree's own messages: usage errors and help, as {@link Main} prints them. */
class UsageTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void anUnknownCommandIsNamedWithTheCommandsThatExist() {
        Run run = run("bogus");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("clock: unknown command 'bogus': the commands are serve, nc, wall, load and help"
                + " (see 'clock --help')" + System.lineSeparator());
    }

    @Test
    void noCommandAtAllListsTheSameCommands() {
        Run run = run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("clock: missing a command: the commands are serve, nc, wall, load and help");
    }

    @Test
    void aUsersTextKeepsItsCapitals() {
        Run run = run("wall", "A=localhost");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("clock wall: A: 'localhost' has no port");
    }

    @Test
    @org.junit.jupiter.api.Timeout(10)
    void aWallsHostNameIsANameAlone() {
        Run run = run("wall", "--http", "0", "--http-host", "wall.example.org:8080", "A=localhost:1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("clock wall: --http-host 'wall.example.org:8080' is not a host name: "
                + "give the name alone, without a port or scheme, e.g. wall.example.org");
    }

    @Test
    void picocliSentencesStartInLowerCaseLikeEveryOtherMessage() {
        assertThat(run("nc", "--bogus").err()).startsWith("clock nc: unknown option: '--bogus'");
        assertThat(run("nc", "--connect-timeout").err()).startsWith("clock nc: missing required parameter for option '--connect-timeout'");
        assertThat(run("nc", "a", "1", "extra").err()).startsWith("clock nc: unmatched argument at index 3: 'extra'");
        assertThat(run("serve", "--port", "http").err()).startsWith("clock serve: invalid value for option '--port'");
    }

    @Test
    void ncHelpShowsItsUsageLineOnce() {
        Run run = run("nc", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().findFirst()).hasValue("Usage: clock nc [-hNV] [--connect-timeout=DURATION] [HOST[:PORT]] [PORT]");
        assertThat(run.out().lines().skip(1).findFirst()).as("the synopsis is one line").hasValueSatisfying(
                line -> assertThat(line).startsWith("Connects to a line server"));
    }
}
