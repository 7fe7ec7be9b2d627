package dev.clock.broadcast;

import dev.clock.net.HostPort;
import dev.clock.net.ServerStats;
import dev.clock.text.Durations;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The clients being served, in shards so that each fan-out worker walks its own: counted for the
 * limit, swept for stalled writes, ended on stop. No lock: the shards are concurrent sets whose
 * iteration sees clients that joined before it began. The few with a line waiting unsent are also
 * kept apart, so that the sweep looks at them alone, and waits while there are none.
 */
final class Clients {
    private static final System.Logger LOG = System.getLogger(Clients.class.getName());

    private final Set<ClientHandler>[] shards;
    /**
     * Clients admitted and not yet ended, the count the limit is checked against: a client that
     * left frees its place the moment its departure is seen, not once its connection is closed.
     * Kept apart: a skip-list set counts its elements by walking them.
     */
    private final AtomicInteger connected = new AtomicInteger();
    /**
     * Clients with a remainder waiting unsent, the only ones the sweep looks at.
     * Measured (commit 6fd9cee, per-thread CPU side by side over 60 s), a sweep of every client each
     * second kept the virtual threads' carriers at 0.4 ms of CPU a second on an idle server and 0.6
     * at 1,000 clients, for nothing: clients that read have no remainder.
     */
    private final Set<ClientHandler> stalled = new HashSet<>();
    /**
     * Guards {@link #stalled}. A lock of java.util.concurrent rather than the set's monitor: the
     * sweep, a virtual thread, waits on it, and on JDK 21 a virtual thread in Object.wait holds
     * its carrier.
     */
    private final ReentrantLock stalledLock = new ReentrantLock();
    private final Condition someStalled = stalledLock.newCondition();
    /** Clients admitted and not yet closed; guarded by itself for {@link #awaitClosed}. */
    private final AtomicInteger open = new AtomicInteger();
    private final ServerStats stats;

    @SuppressWarnings("unchecked")
    Clients(int shardCount, ServerStats stats) {
        this.shards = new Set[shardCount];
        for (int i = 0; i < shardCount; i++) {
            // In order of admission, as the C floor writes: it trims the tail of the lag (commit
            // d639d82; docs/benchmarks.md, "Writing in order of admission").
            shards[i] = new ConcurrentSkipListSet<>(Comparator.comparingLong(ClientHandler::admission));
        }
        this.stats = stats;
    }

    int shardCount() {
        return shards.length;
    }

    Set<ClientHandler> shard(int i) {
        return shards[i];
    }

    void add(ClientHandler client) {
        if (shardOf(client).add(client)) {
            connected.incrementAndGet();
            open.incrementAndGet();
        }
    }

    /** A client ended: called once per client, by whoever ended it. */
    void ended(ClientHandler client) {
        connected.decrementAndGet();
        client.departed().run();
    }

    /** A client's connection was closed. */
    void remove(ClientHandler client) {
        unstalled(client);
        if (shardOf(client).remove(client) && open.decrementAndGet() == 0) {
            synchronized (open) {
                open.notifyAll();
            }
        }
    }

    /** Clients take turns by order of admission, so each shard holds its share. */
    private Set<ClientHandler> shardOf(ClientHandler client) {
        return shards[(int) Math.floorMod(client.admission(), (long) shards.length)];
    }

    /** Clients connected now, in constant time: the limit is checked on every accept. */
    int count() {
        return connected.get();
    }

    /** {@code client} left a remainder unsent: the sweep watches it until it is sent. */
    void stalled(ClientHandler client) {
        stalledLock.lock();
        try {
            if (stalled.add(client) && stalled.size() == 1) {
                someStalled.signalAll();
            }
        } finally {
            stalledLock.unlock();
        }
    }

    /** {@code client}'s remainder went out, or its connection was closed. */
    void unstalled(ClientHandler client) {
        stalledLock.lock();
        try {
            stalled.remove(client);
        } finally {
            stalledLock.unlock();
        }
    }

    /** Returns once some client has a remainder waiting unsent, at once if one has now. */
    void awaitStalled() throws InterruptedException {
        stalledLock.lock();
        try {
            while (stalled.isEmpty()) {
                someStalled.await();
            }
        } finally {
            stalledLock.unlock();
        }
    }

    /** Ends every client whose remainder has waited unsent for longer than {@code timeout}: it stopped reading. */
    void dropStalled(Duration timeout) {
        long deadline = System.nanoTime() - timeout.toNanos();
        List<ClientHandler> late = new ArrayList<>();
        stalledLock.lock();
        try {
            for (ClientHandler client : stalled) {
                if (client.stalledBefore(deadline)) {
                    late.add(client);
                }
            }
        } finally {
            stalledLock.unlock();
        }
        for (ClientHandler client : late) {
            // Not counted if it had ended already (it left, or the server is stopping).
            if (client.end(ClientHandler.Ending.STALLED)) {
                stats.droppedStalled();
                LOG.log(Level.WARNING, () -> "dropped " + HostPort.format(client.remote())
                        + ": it stopped reading (a line waited unsent for " + Durations.format(timeout) + ")");
            }
        }
    }

    void endAll() {
        forEach(client -> client.end(ClientHandler.Ending.SERVER_STOPPED));
    }

    /** Waits until every client's connection is closed, or {@code timeout} passed; true if they all did. */
    boolean awaitClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (open) {
            for (long left = timeout.toNanos(); open.get() > 0 && left > 0; left = deadline - System.nanoTime()) {
                open.wait(Math.max(1, left / 1_000_000));
            }
            return open.get() == 0;
        }
    }

    private void forEach(Consumer<ClientHandler> action) {
        for (Set<ClientHandler> shard : shards) {
            shard.forEach(action);
        }
    }
}
