package dev.clock.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/** {@code clock}: parses the command line and hands over to a subcommand. */
@Command(name = "clock",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "The concurrent clock service of The Go Programming Language, 8.2: a server "
                + "that streams the time to every client, a netcat client, and tools around them.",
        subcommands = {ServeCommand.class, NcCommand.class, WallCommand.class, LoadCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 done, 1 failed (cannot listen, cannot connect, connection lost), 2 bad usage."})
public final class Main implements Runnable {
    /**
     * How picocli 4's own usage errors begin. Only these are lower-cased: any other message may
     * begin with a user's text ({@code A: 'localhost' has no port}), which is shown as written.
     */
    private static final Pattern PICOCLI_SENTENCE = Pattern.compile(
            "Missing required|Unknown (option|subcommand)|Unmatched argument|Invalid value for|Expected parameter");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing a command: " + commandList(spec.commandLine()));
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
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.isUnknownOption()
                && !cmd.getSubcommands().isEmpty() && !unmatched.getUnmatched().isEmpty()) {
            message = "unknown command '" + unmatched.getUnmatched().get(0) + "': " + commandList(cmd);
        } else if (PICOCLI_SENTENCE.matcher(message).lookingAt()) {
            // picocli's sentences start with a capital; every other message here does not.
            message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        cmd.getErr().println(commandName(cmd) + ": " + message + " (see '" + commandName(cmd) + " --help')");
        cmd.getErr().flush();
        return ExitCodes.USAGE;
    }

    /** {@code the commands are serve, nc, wall, load and help}, from the command tree itself. */
    private static String commandList(CommandLine cmd) {
        List<String> names = List.copyOf(cmd.getSubcommands().keySet());
        String list = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        return "the commands are " + list;
    }

    private static String commandName(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName();
    }
}
