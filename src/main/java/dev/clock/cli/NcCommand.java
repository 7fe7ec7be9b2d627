package dev.clock.cli;

import dev.clock.client.ClockDefaults;
import dev.clock.client.ConnectFailedException;
import dev.clock.client.Dialer;
import dev.clock.client.Netcat;
import dev.clock.net.HostPort;
import dev.clock.net.Reasons;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code clock nc}: the book's netcat, wired to stdin and stdout.
 *
 * <p>Unlike the other commands, its model is built in code rather than read from annotations. A
 * start's first annotation costs the JVM about 45 ms of nc's 150 ms budget: each annotation type
 * becomes a proxy class generated at run time, which an AOT cache (JDK 25) cannot hold. The
 * long-lived commands keep their annotations; {@code StandaloneSubcommandTest} and
 * {@code NcCommandTest} hold this one's help and errors to theirs.
 */
final class NcCommand implements Callable<Integer> {
    private final CommandSpec spec;
    private final PositionalParamSpec host;
    private final PositionalParamSpec port;
    private final OptionSpec connectTimeout;
    private final OptionSpec sendEof;

    private NcCommand() {
        spec = CommandSpec.wrapWithoutInspection(this).name("nc").versionProvider(new Version());
        spec.usageMessage()
                .description("Connects to a line server (clock serve, or any other) and copies what it sends to stdout "
                        + "as it arrives, and stdin to it. When stdin ends it keeps printing, so 'clock nc < /dev/null' "
                        + "(or a job in the background) still prints the clock; -N also tells the server that "
                        + "the input ended. Ends when the server closes.")
                .footer("", "Exit status: 0 the server closed (or stdout did, as with '| head'), "
                        + "1 cannot connect, refused by the server ('clock: server full, ...'), connection lost, "
                        + "or stdout failed ('> /dev/full'), 2 bad usage.",
                        "Examples:", "  clock nc", "  clock nc localhost 8000", "  clock nc [::1]:8000 | head -3");
        StandardHelpOptions.addTo(spec);
        host = positional("0", "HOST[:PORT]", "Server to read (default: " + ClockDefaults.HOST + "), with its port or "
                + "without; IPv6 with a port in brackets: [::1]:" + ClockDefaults.PORT + ".");
        port = positional("1", "PORT", "Its port (default: " + ClockDefaults.PORT + ").");
        connectTimeout = OptionSpec.builder("--connect-timeout")
                .paramLabel("DURATION")
                .type(Duration.class)
                .converters(new Converters.PositiveDuration())
                .defaultValue("10s")
                .description("Give up connecting after this long (default: ${DEFAULT-VALUE}).")
                .build();
        sendEof = OptionSpec.builder("-N", "--send-eof")
                .type(boolean.class)
                .initialValue(false)
                .description("When stdin ends, shut down the sending half of the connection, so that a server which "
                        + "waits for the end of the input (an echo server, the book's netcat3) sees it. clock serve "
                        + "takes it as the client leaving.")
                .build();
        spec.addOption(connectTimeout).addOption(sendEof);
    }

    /** nc's model, ready for a command line. */
    static CommandSpec model() {
        return new NcCommand().spec;
    }

    private PositionalParamSpec positional(String index, String label, String description) {
        PositionalParamSpec positional = PositionalParamSpec.builder()
                .index(index)
                .arity("0..1")
                .paramLabel(label)
                .type(String.class)
                .description(description)
                .build();
        spec.addPositional(positional);
        return positional;
    }

    @Override
    public Integer call() {
        HostPort server = server();
        Duration timeout = connectTimeout.getValue();
        try (Socket socket = Dialer.dial(server, timeout)) {
            Netcat.Ending ending = new Netcat(System.in, new FileOutputStream(FileDescriptor.out), sendEof.getValue())
                    .copy(socket);
            return switch (ending) {
                case Netcat.Ending.ServerClosed closed -> ExitCodes.OK;
                case Netcat.Ending.OutputClosed closed -> ExitCodes.OK;
                case Netcat.Ending.OutputFailed failed -> fail("cannot write to stdout: " + failed.reason());
                case Netcat.Ending.Refused refused -> fail(server + " refused the connection: " + refused.reason());
            };
        } catch (ConnectFailedException e) {
            return fail(e.getMessage());
        } catch (IOException e) {
            return fail("connection to " + server + " lost: " + Reasons.of(e));
        }
    }

    private HostPort server() {
        String host = this.host.getValue();
        String port = this.port.getValue();
        try {
            if (host == null) {
                return new HostPort(ClockDefaults.HOST, ClockDefaults.PORT);
            }
            if (port != null) {
                return new HostPort(host, HostPort.parsePort(port));
            }
            return host.contains(":") ? HostPort.parse(host) : new HostPort(host, ClockDefaults.PORT);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("clock nc: " + message);
        spec.commandLine().getErr().flush();
        return ExitCodes.FAILURE;
    }
}
