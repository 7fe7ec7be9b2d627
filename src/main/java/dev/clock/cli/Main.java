package dev.clock.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code clock}: parses the command line and hands over to a subcommand. */
@Command(name = "clock",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "The concurrent clock service of The Go Programming Language, 8.2: a server "
                + "that streams the time to every client, a netcat client, and tools around them.",
        subcommands = {ServeCommand.class, NcCommand.class, WallCommand.class, LoadCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 done, 1 failed (cannot listen, cannot connect, connection lost), 2 bad usage."})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing a command: serve, nc, wall, load or help");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The whole command tree, with clock's error handling, for the launcher and for tests. */
    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setParameterExceptionHandler(Main::usageError)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // A failure no command expected: one line, and the trace only when asked for.
                    PrintWriter err = cmd.getErr();
                    err.println(commandName(cmd) + ": " + e);
                    if (parsed.hasMatchedOption("--debug")) {
                        e.printStackTrace(err);
                    }
                    err.flush();
                    return ExitCodes.FAILURE;
                });
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String message = e.getMessage();
        if (!message.isEmpty()) {
            message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        cmd.getErr().println(commandName(cmd) + ": " + message + " (see '" + commandName(cmd) + " --help')");
        cmd.getErr().flush();
        return ExitCodes.USAGE;
    }

    private static String commandName(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName();
    }
}
