package dev.clock.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/** {@code clock}: parses the command line and hands over to a subcommand. */
public final class Main {
    /**
     * How picocli 4's own usage errors begin. Only these are lower-cased: any other message may
     * begin with a user's text ({@code A: 'localhost' has no port}), which is shown as written.
     */
    private static final Pattern PICOCLI_SENTENCE = Pattern.compile(
            "Missing required|Unknown (option|subcommand)|Unmatched argument|Invalid value for|Expected parameter");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The whole command tree, with clock's error handling: for help and errors, and for tests. */
    static CommandLine commandLine() {
        return withErrorHandling(CommandTree.whole());
    }

    /**
     * What runs {@code args}: when the first names a subcommand, {@code clock} with that one alone,
     * so that a start builds one command's model rather than all of them (most of a short command's
     * start went there); otherwise (no command, an option, help, a name that is none) the whole
     * tree, which help, errors and suggestions need.
     */
    static CommandLine commandLine(String... args) {
        Optional<CommandLine> alone = args.length == 0 ? Optional.empty() : CommandTree.alone(args[0]);
        return withErrorHandling(alone.orElseGet(CommandTree::whole));
    }

    private static CommandLine withErrorHandling(CommandLine clock) {
        return clock
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
            message = "unknown command '" + unmatched.getUnmatched().get(0) + "': " + ClockCommand.commandList(cmd);
        } else if (PICOCLI_SENTENCE.matcher(message).lookingAt()) {
            // picocli's sentences start with a capital; every other message here does not.
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
