package dev.clock.cli;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/**
 * {@code clock} and its subcommands: the one list of them, in the order help shows them. Help,
 * usage errors and suggestions are built from the whole tree, and so are the man pages and the
 * bash completion ({@code ./package} hands it to picocli's generators, {@code scripts/Docs.java}).
 */
public final class CommandTree {
    /** A subcommand's name, and how to make its model: only a start that runs it makes it. */
    private record Subcommand(String name, Supplier<Object> model) {
    }

    private static final List<Subcommand> SUBCOMMANDS = List.of(
            new Subcommand("serve", ServeCommand::new),
            new Subcommand("nc", NcCommand::model),
            new Subcommand("wall", WallCommand::new),
            new Subcommand("load", LoadCommand::new));

    private CommandTree() {
    }

    /** {@code clock} with every subcommand and {@code help}. */
    public static CommandLine whole() {
        CommandLine clock = new CommandLine(new ClockCommand());
        SUBCOMMANDS.forEach(command -> clock.addSubcommand(command.name(), command.model().get()));
        return clock.addSubcommand("help", new HelpCommand());
    }

    /**
     * {@code clock} with only the subcommand called {@code name}, if it can run without its
     * siblings: any but help, which shows them. Its parent is a bare {@code clock}, which is all a
     * subcommand's help and errors show of it; {@link ClockCommand}'s annotations would cost a start
     * what {@link NcCommand} saves.
     */
    static Optional<CommandLine> alone(String name) {
        return SUBCOMMANDS.stream()
                .filter(command -> command.name().equals(name))
                .findFirst()
                .map(command -> new CommandLine(CommandSpec.create().name("clock"))
                        .addSubcommand(command.name(), command.model().get()));
    }
}
