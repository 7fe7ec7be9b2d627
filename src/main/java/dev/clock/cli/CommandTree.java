package dev.clock.cli;

import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * {@code clock} with every subcommand: the one list of them. Help, usage errors and suggestions
 * are built from it, and so are the man pages and the bash completion ({@code ./package} hands
 * this class to picocli's generators).
 */
@Command(subcommands = {ServeCommand.class, NcCommand.class, WallCommand.class, LoadCommand.class, HelpCommand.class})
public final class CommandTree extends ClockCommand {

    /**
     * The subcommand called {@code name} if it can run without its siblings: any but help, which
     * shows them. Read from the list's annotations, so no command's model is built to find it.
     */
    static Optional<Class<?>> standalone(String name) {
        return Arrays.stream(CommandTree.class.getAnnotation(Command.class).subcommands())
                .filter(type -> {
                    Command command = type.getAnnotation(Command.class);
                    return !command.helpCommand()
                            && (command.name().equals(name) || Arrays.asList(command.aliases()).contains(name));
                })
                .findFirst();
    }
}
