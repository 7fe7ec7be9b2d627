package dev.clock.service;

import java.lang.management.ManagementFactory;

/** The default client limit: what the process's open-file limit leaves after a margin. */
final class DescriptorLimit {
    /**
     * Descriptors kept for the JVM and the server beside clients (jars, listeners, epoll, logs):
     * 100, or a fifth of a small limit.
     */
    static int margin(long limit) {
        return (int) Math.min(100, Math.max(1, limit / 5));
    }

    private DescriptorLimit() {
    }

    static int defaultMaxClients() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long limit = unix.getMaxFileDescriptorCount();
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, limit - margin(limit)));
        }
        return 10_000;
    }
}
