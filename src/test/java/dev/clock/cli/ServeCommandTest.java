package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/** {@code clock serve}'s command line, in-process: bad usage never gets as far as listening. */
class ServeCommandTest {

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int status = cmd.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    static Stream<Arguments> badUsage() {
        return Stream.of(
                Arguments.of(new String[] {"--port", "65536"}, "'65536' is not a port"),
                Arguments.of(new String[] {"-p", "-1"}, "'-1' is not a port"),
                Arguments.of(new String[] {"--zone", "Mars/Olympus"}, "unknown time zone 'Mars/Olympus'"),
                Arguments.of(new String[] {"--format", "HH:mm:ss qqqqqq"}, "is not a java.time pattern"),
                Arguments.of(new String[] {"--format", "HH:mm:ss {"}, "is not a java.time pattern"),
                Arguments.of(new String[] {"--format", ""}, "--format is empty"),
                Arguments.of(new String[] {"--format", "HH:mm\nss"}, "control character"),
                Arguments.of(new String[] {"--format", "'tick'"}, "has no date or time field"),
                Arguments.of(new String[] {"--format", "15:04:05"}, "is a Go layout, which java.time would print as it is: write 'HH:mm:ss'"),
                Arguments.of(new String[] {"--format", "2006-01-02T15:04:05Z07:00"}, "write 'yyyy-MM-dd'T'HH:mm:ssXXX'"),
                Arguments.of(new String[] {"--interval", "fast"}, "'fast' is not a duration"),
                Arguments.of(new String[] {"--interval", "0s"}, "'0s' is too short"),
                Arguments.of(new String[] {"--interval", "400d"}, "'400d' is too long"),
                Arguments.of(new String[] {"--drain", "PT-1S"}, "'PT-1S' is negative"),
                Arguments.of(new String[] {"--max-clients", "0"}, "--max-clients must be at least 1"),
                Arguments.of(new String[] {"--fanout-threads", "0"}, "--fanout-threads must be from 1 to 256"),
                Arguments.of(new String[] {"--fanout-threads", "100000"}, "--fanout-threads must be from 1 to 256, not 100000"),
                Arguments.of(new String[] {"--daytime-format", "rfc3339"}, "--daytime-format needs --daytime PORT"),
                Arguments.of(new String[] {"--daytime", "0", "--daytime-format", ""}, "--daytime-format is empty"),
                Arguments.of(new String[] {"--daytime", "0", "--daytime-format", "qqqqqq"}, "--daytime-format 'qqqqqq' is not"),
                Arguments.of(new String[] {"--daytime", "18005", "--time", "18005"}, "--daytime and --time both ask for port 18005"),
                Arguments.of(new String[] {"--port", "9100", "--metrics", "9100"}, "--port and --metrics both ask for port 9100"),
                Arguments.of(new String[] {"--no-stream"}, "--no-stream leaves nothing to serve"),
                Arguments.of(new String[] {"--quiet", "--debug"}, "mutually exclusive"),
                Arguments.of(new String[] {"--bind", ""}, "--bind is empty"),
                Arguments.of(new String[] {"--allow", "10.0.0.0/33"}, "--allow: '10.0.0.0/33' is not an address block"),
                Arguments.of(new String[] {"--deny", "127.0.0.1,example.org"}, "--deny: 'example.org' is not an address block"),
                Arguments.of(new String[] {"--allow", "999.0.0.1"}, "--allow: '999.0.0.1' is not an address block "
                        + "(each part of an IPv4 address is a number from 0 to 255)"),
                Arguments.of(new String[] {"--max-per-source", "0"}, "--max-per-source must be at least 1, not 0"),
                Arguments.of(new String[] {"--max-connect-rate", "abc"}, "'abc' is not an int"),
                Arguments.of(new String[] {"--max-udp-rate", "-5"}, "--max-udp-rate must be at least 1, not -5"),
                Arguments.of(new String[] {"--metrics", "0", "--metrics-bind", ""}, "--metrics-bind is empty"),
                Arguments.of(new String[] {"--ntp", "0", "--ntp-stratum", "16"}, "--ntp-stratum: NTP stratum 16 is out of range: use 1 to 15"),
                Arguments.of(new String[] {"--ntp", "0", "--ntp-stratum", "0"}, "use 1 to 15"),
                Arguments.of(new String[] {"--ntp-stratum", "3"}, "--ntp-stratum needs --ntp PORT"),
                Arguments.of(new String[] {"--no-ntp-rate-limit"}, "--no-ntp-rate-limit needs --ntp PORT"),
                Arguments.of(new String[] {"--ntp", "18123", "--time", "18123"}, "--time and --ntp both ask for port 18123"),
                Arguments.of(new String[] {"--frobnicate"}, "unknown option: '--frobnicate'"),
                Arguments.of(new String[] {"--port"}, "missing required parameter for option '--port'"));
    }

    @ParameterizedTest
    @MethodSource("badUsage")
    void badUsageIsOneLineThatSaysWhatAndPointsToHelpWithStatusTwo(String[] args, String what) {
        String[] serve = Stream.concat(Stream.of("serve"), Stream.of(args)).toArray(String[]::new);
        Run run = run(serve);

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("clock serve: ").contains(what).endsWith("(see 'clock serve --help')");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void helpExplainsEveryOption() {
        Run run = run("serve", "--help");
        assertThat(run.status()).isZero();

        var options = Main.commandLine().getSubcommands().get("serve").getCommandSpec().options();
        assertThat(options).hasSizeGreaterThan(15);
        for (OptionSpec option : options) {
            String name = option.negatable() ? "--[no-]" + option.longestName().substring(2) : option.longestName();
            assertThat(run.out()).as("the help names " + name).contains(name);
            assertThat(String.join(" ", option.description())).as("the help explains " + option.longestName()).isNotBlank();
        }
        assertThat(run.out()).contains("Exit status");
    }
}
