package dev.clock.server;

import dev.clock.net.ServerStats;
import dev.clock.text.Durations;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.Comparator;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The clients being served, in shards so that each fan-out worker walks its own: counted for the
 * limit, swept for stalled writes, ended on stop. No lock: the shards are concurrent sets whose
 * iteration sees clients that joined before it began.
 */
final class Clients {
    private static final System.Logger LOG = System.getLogger(Clients.class.getName());

    private final Set<ClientHandler>[] shards;
    /** Kept apart: a skip-list set counts its elements by walking them. */
    private final AtomicInteger count = new AtomicInteger();
    private final ServerStats stats;

    @SuppressWarnings("unchecked")
    Clients(int shardCount, ServerStats stats) {
        this.shards = new Set[shardCount];
        for (int i = 0; i < shardCount; i++) {
            // In order of admission, as the C floor writes: measured, it trims the tail of the lag.
            shards[i] = new ConcurrentSkipListSet<>(Comparator.comparingLong(ClientHandler::admission));
        }
        this.stats = stats;
    }

    ServerStats stats() {
        return stats;
    }

    int shardCount() {
        return shards.length;
    }

    Set<ClientHandler> shard(int i) {
        return shards[i];
    }

    void add(ClientHandler client) {
        if (shardOf(client).add(client)) {
            count.incrementAndGet();
        }
    }

    void remove(ClientHandler client) {
        if (shardOf(client).remove(client)) {
            count.decrementAndGet();
        }
    }

    /** Clients take turns by order of admission, so each shard holds its share. */
    private Set<ClientHandler> shardOf(ClientHandler client) {
        return shards[(int) Math.floorMod(client.admission(), (long) shards.length)];
    }

    /** Clients connected now, in constant time: the limit is checked on every accept. */
    int count() {
        return count.get();
    }

    /** Ends every client whose line has been stalled for longer than {@code timeout}: it stopped reading. */
    void dropStuck(Duration timeout) {
        long deadline = System.nanoTime() - timeout.toNanos();
        forEach(client -> {
            if (client.stuckSince(deadline)) {
                stats.droppedStalled();
                LOG.log(Level.WARNING, () -> "dropped " + client.remote() + ": it read nothing for "
                        + Durations.format(timeout) + " and its line could not be sent");
                client.end(ClientHandler.Ending.STUCK);
            }
        });
    }

    void endAll() {
        forEach(client -> client.end(ClientHandler.Ending.SERVER_STOPPED));
    }

    private void forEach(Consumer<ClientHandler> action) {
        for (Set<ClientHandler> shard : shards) {
            shard.forEach(action);
        }
    }
}
