package dev.clock.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --interval}, shared by serve, wall and load, which must agree on it: the server ticks at
 * it, the wall calls a clock stale after two of them, the load generator expects a line each.
 */
final class IntervalOption {
    static final String DEFAULT = "1s";

    @Option(names = {"-i", "--interval"}, paramLabel = "DURATION", defaultValue = DEFAULT,
            converter = Converters.PositiveDuration.class,
            description = "Time between a server's lines, e.g. 1s, 250ms, 1m, 1.5s; the server's ticks fall on "
                    + "multiples of it since the epoch (default: ${DEFAULT-VALUE}).")
    Duration interval;
}
