package dev.clock.load;

import dev.clock.client.HostPort;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * What {@link LoadGenerator} does.
 *
 * @param target      the line server
 * @param connections how many connections to open
 * @param rate        connections opened per second while ramping
 * @param sources     spread source addresses over 127.0.0.1 .. 127.0.0.N (1: the system's choice)
 * @param hold        how long to hold every connection once the ramp is done
 * @param interval    the server's interval: consecutive lines should be this far apart
 * @param serverPid   the server's process, to sample its memory and CPU, if given
 */
public record LoadConfig(HostPort target, int connections, int rate, int sources, Duration hold, Duration interval,
                         OptionalLong serverPid) {
    public LoadConfig {
        if (connections < 1 || rate < 1 || sources < 1 || sources > 254) {
            throw new IllegalArgumentException("connections and rate must be at least 1, sources from 1 to 254");
        }
    }
}
