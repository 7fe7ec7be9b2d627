package dev.clock.cli;

import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into the jar's manifest. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"clock " + (version == null ? "(development build)" : version)
                + " on Java " + Runtime.version()};
    }
}
