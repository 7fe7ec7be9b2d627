package dev.clock.load;

import dev.clock.net.HostPort;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * What {@link LoadGenerator} does.
 *
 * @param target      the line server
 * @param connections how many connections to open
 * @param rate        connections opened per second while ramping
 * @param sources     spread source addresses over 127.0.0.1 .. 127.0.0.N (1: the system's choice;
 *                    {@link #SOURCES_BY_DEFAULT}: as many as clock serve's default limits need, see
 *                    {@link SourceSpread})
 * @param settle      how long to wait after the ramp before the hold window opens, so that the
 *                    ramp's own backlog (accepts, first lines, JIT) is not counted as lag
 * @param hold        how long the hold window lasts: every line inside it is checked
 * @param interval    the server's interval: consecutive lines should be this far apart
 * @param serverPid   the server's process, to sample its memory and CPU, if given
 * @param events      ask each connection for {@code GET /events} and check its Server-Sent Events'
 *                    {@code data:} lines ({@code clock serve --http}), rather than read lines as they come
 */
public record LoadConfig(HostPort target, int connections, int rate, int sources, Duration settle, Duration hold, Duration interval,
                         OptionalLong serverPid, boolean events) {
    public static final int SOURCES_BY_DEFAULT = 0;

    public LoadConfig {
        if (connections < 1 || rate < 1 || sources < SOURCES_BY_DEFAULT || sources > SourceSpread.MOST_SOURCES) {
            throw new IllegalArgumentException("connections and rate must be at least 1, sources from 1 to " + SourceSpread.MOST_SOURCES);
        }
    }
}
