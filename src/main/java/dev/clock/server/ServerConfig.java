package dev.clock.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How the stream server treats its clients.
 *
 * @param sequential   serve one client at a time, as the book's clock1 does
 * @param maxClients   clients served at once; a client beyond it is told the server is full and closed
 * @param writeTimeout how long a line's remainder may wait unsent (the client stopped reading)
 *                     before the client is dropped
 * @param fanOutThreads threads that write each tick to the clients, each to its own share of them
 */
public record ServerConfig(boolean sequential, int maxClients, Duration writeTimeout, int fanOutThreads) {

    public ServerConfig {
        Objects.requireNonNull(writeTimeout);
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1: " + maxClients);
        }
        if (fanOutThreads < 1) {
            throw new IllegalArgumentException("fanOutThreads must be at least 1: " + fanOutThreads);
        }
        if (writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("writeTimeout must be positive: " + writeTimeout);
        }
    }
}
