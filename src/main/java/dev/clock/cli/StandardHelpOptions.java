package dev.clock.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code -h} and {@code -V} for a model built in code, as {@code mixinStandardHelpOptions = true}
 * gives an annotated command: that switch reads picocli's own annotated mixin, and reading
 * annotations is what such a model avoids ({@link NcCommand}).
 */
final class StandardHelpOptions {
    private StandardHelpOptions() {
    }

    static void addTo(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help")
                .usageHelp(true)
                .descriptionKey("mixinStandardHelpOptions.help")
                .description("Show this help message and exit.")
                .build());
        spec.addOption(OptionSpec.builder("-V", "--version")
                .versionHelp(true)
                .descriptionKey("mixinStandardHelpOptions.version")
                .description("Print version information and exit.")
                .build());
    }
}
