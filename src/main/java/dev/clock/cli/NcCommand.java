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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clock nc}: the book's netcat, wired to stdin and stdout. */
@Command(name = "nc",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Connects to a line server (clock serve, or any other) and copies what it sends to stdout "
                    + "as it arrives, and stdin to it. When stdin ends it keeps printing, so 'clock nc < /dev/null' "
                    + "(or a job in the background) still prints the clock; -N also tells the server that "
                    + "the input ended. Ends when the server closes."},
        footer = {"", "Exit status: 0 the server closed (or stdout did, as with '| head'), "
                + "1 cannot connect, refused by the server ('clock: server full, ...'), connection lost, "
                + "or stdout failed ('> /dev/full'), 2 bad usage.",
            "Examples:", "  clock nc", "  clock nc localhost 8000", "  clock nc [::1]:8000 | head -3"})
final class NcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST[:PORT]",
            description = "Server to read (default: " + ClockDefaults.HOST + "), with its port or without; "
                    + "IPv6 with a port in brackets: [::1]:" + ClockDefaults.PORT + ".")
    String host;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PORT",
            description = "Its port (default: " + ClockDefaults.PORT + ").")
    String port;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = Converters.PositiveDuration.class,
            description = "Give up connecting after this long (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = {"-N", "--send-eof"},
            description = "When stdin ends, shut down the sending half of the connection, so that a server which "
                    + "waits for the end of the input (an echo server, the book's netcat3) sees it. clock serve "
                    + "takes it as the client leaving.")
    boolean sendEof;

    @Override
    public Integer call() {
        HostPort server = server();
        try (Socket socket = Dialer.dial(server, connectTimeout)) {
            Netcat.Ending ending = new Netcat(System.in, new FileOutputStream(FileDescriptor.out), sendEof).copy(socket);
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
