package dev.clock.cli;

import java.lang.management.ManagementFactory;

/** The default client limit: what the process's open-file limit leaves after a margin. */
final class DescriptorLimit {
    /** Descriptors the JVM and the server need beside clients: jars, listeners, epoll, logs. */
    static final int MARGIN = 100;

    private DescriptorLimit() {
    }

    static int defaultMaxClients() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long limit = unix.getMaxFileDescriptorCount();
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, limit - MARGIN));
        }
        return 10_000;
    }
}
