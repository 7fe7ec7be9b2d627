package dev.clock.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How the stream server listens and treats its clients.
 *
 * @param address      where to listen; port 0 takes a free port
 * @param sequential   serve one client at a time, as the book's clock1 does
 * @param maxClients   clients served at once; a client beyond it is told the server is full and closed
 * @param writeTimeout how long a write may stay blocked (the client stopped reading) before the
 *                     client is dropped
 */
public record ServerConfig(InetSocketAddress address, boolean sequential, int maxClients, Duration writeTimeout) {

    /** What the kernel may buffer of a client's input, which is never read: a few KB at most. */
    public static final int RECEIVE_BUFFER_BYTES = 2048;

    public ServerConfig {
        Objects.requireNonNull(address);
        Objects.requireNonNull(writeTimeout);
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1: " + maxClients);
        }
        if (writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("writeTimeout must be positive: " + writeTimeout);
        }
    }
}
