package dev.clock.load;

import dev.clock.service.ServeConfig;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * How many loopback source addresses {@code clock load} spreads its connections over when told
 * none: as many as {@code clock serve}'s default limits need, so that a run against a server with
 * its defaults is not refused for the load's own sake. One address may hold
 * {@link ServeConfig#DEFAULT_MAX_PER_SOURCE} connections and open twice
 * {@link ServeConfig#DEFAULT_MAX_CONNECT_RATE} at once (its burst), whatever the ramp's rate.
 */
public final class SourceSpread {
    /** 127.0.0.1 to 127.0.0.254: a /24's host addresses, each routed to loopback without setup. */
    public static final int MOST_SOURCES = 254;
    /** Connections from one source: the smaller of the two limits (a constant, for the option's help). */
    public static final int PER_SOURCE = ServeConfig.DEFAULT_MAX_PER_SOURCE < 2 * ServeConfig.DEFAULT_MAX_CONNECT_RATE
            ? ServeConfig.DEFAULT_MAX_PER_SOURCE : 2 * ServeConfig.DEFAULT_MAX_CONNECT_RATE;

    private SourceSpread() {
    }

    /**
     * The sources for {@code connections} to {@code target}: only an IPv4 loopback target can be
     * reached from 127.0.0.N (IPv6 has one loopback address, and the server counts a /64 as one
     * source), so any other gets one, the system's choice.
     */
    static int byDefault(InetAddress target, int connections) {
        if (!(target instanceof Inet4Address) || !target.isLoopbackAddress()) {
            return 1;
        }
        return Math.clamp((connections + PER_SOURCE - 1) / PER_SOURCE, 1, MOST_SOURCES);
    }
}
