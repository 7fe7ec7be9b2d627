package dev.clock.server;

import dev.clock.tick.Durations;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The clients being served: counted for the limit, swept for stuck writes, closed on stop. */
final class Clients {
    private static final System.Logger LOG = System.getLogger(Clients.class.getName());

    private final Set<ClientHandler> connected = ConcurrentHashMap.newKeySet();
    private final ServerStats stats;

    Clients(ServerStats stats) {
        this.stats = stats;
    }

    void add(ClientHandler client) {
        connected.add(client);
    }

    void remove(ClientHandler client) {
        connected.remove(client);
    }

    int count() {
        return connected.size();
    }

    /**
     * Drops every client whose write has been blocked for longer than {@code timeout}: it stopped
     * reading, its send buffer is full, and its thread would otherwise wait forever.
     */
    void dropStuck(Duration timeout) {
        long deadline = System.nanoTime() - timeout.toNanos();
        for (ClientHandler client : connected) {
            if (client.stuckSince(deadline)) {
                stats.droppedSlow.increment();
                LOG.log(Level.WARNING, () -> "dropped " + client.remote() + ": its writes were blocked for " + Durations.format(timeout) + " (it stopped reading)");
                client.close();
            }
        }
    }

    void closeAll() {
        connected.forEach(ClientHandler::close);
    }
}
