package dev.clock.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code clock} itself, at the top of the whole tree: {@link CommandTree} adds the subcommands.
 */
@Command(name = "clock",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "The concurrent clock service of The Go Programming Language, 8.2: a server "
                + "that streams the time to every client, a netcat client, and tools around them.",
        footer = {"", "Exit status: 0 done, 1 failed (cannot listen, cannot connect, connection lost), 2 bad usage."})
class ClockCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing a command: " + commandList(spec.commandLine()));
    }

    /** {@code the commands are serve, nc, wall, load and help}, from the command tree itself. */
    static String commandList(CommandLine cmd) {
        List<String> names = List.copyOf(cmd.getSubcommands().keySet());
        String list = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        return "the commands are " + list;
    }
}
