package dev.clock.cli;

import dev.clock.client.ConnectFailedException;
import dev.clock.client.Dialer;
import dev.clock.net.HostPort;
import dev.clock.client.Netcat;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
                    + "as it arrives, and stdin to it. When stdin ends, only the sending half is closed, "
                    + "so 'clock nc < /dev/null' still prints the clock. Ends when the server closes."},
        footer = {"", "Exit status: 0 the server closed (or stdout did, as with '| head'), "
                + "1 cannot connect or connection lost, 2 bad usage.",
            "Examples:", "  clock nc", "  clock nc localhost 8000", "  clock nc [::1]:8000 | head -3"})
final class NcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0..1", arity = "0..2", paramLabel = "HOST [PORT] | HOST:PORT",
            description = "Server to read (default: localhost 8000).")
    List<String> target = List.of();

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = Converters.PositiveDuration.class,
            description = "Give up connecting after this long (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Override
    public Integer call() {
        HostPort server = server();
        try (Socket socket = Dialer.dial(server, connectTimeout)) {
            new Netcat(System.in, new FileOutputStream(FileDescriptor.out)).copy(socket);
            return ExitCodes.OK;
        } catch (ConnectFailedException e) {
            return fail(e.getMessage());
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().toLowerCase(Locale.ROOT);
            return fail("connection to " + server + " lost: " + reason);
        }
    }

    private HostPort server() {
        try {
            return switch (target.size()) {
                case 0 -> new HostPort("localhost", 8000);
                case 1 -> target.get(0).contains(":") ? HostPort.parse(target.get(0)) : new HostPort(target.get(0), 8000);
                default -> new HostPort(target.get(0), HostPort.parsePort(target.get(1)));
            };
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
