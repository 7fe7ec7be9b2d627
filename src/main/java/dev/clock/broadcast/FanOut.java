package dev.clock.broadcast;

import dev.clock.net.ServerStats;
import dev.clock.tick.Tick;
import dev.clock.tick.TickListener;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Delivers each tick to every client: one worker per shard of clients (one per core), writing the
 * same bytes to each of its clients with writes that never block. The ticker's own thread is the
 * first shard's worker, the others each have a platform thread of their own, woken only for a
 * shard that has clients: measured on an idle server (commit 3ee0c66, side by side over 60 s),
 * waking two workers each tick and waiting for them cost 0.3 ms of CPU a second, a third of what
 * the whole process now spends. The bytes
 * are the tick's encoding, computed once per tick. No lock is held across it, nothing is
 * allocated per client, and the lines are counted once per shard per tick.
 */
final class FanOut implements TickListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FanOut.class.getName());

    /** Clients per call of {@link #deliverBatch}: calls enough for the JIT, loops long enough to cost nothing. */
    static final int BATCH = 16;

    private final Clients clients;
    private final ServerStats stats;
    /** The workers of shards 1 and on; none with one shard. Each thread is started by its first task. */
    private final ExecutorService workers;
    /** A view of a tick's bytes for the clients, with a position of its own. */
    private final Function<Tick, ByteBuffer> encoded;

    FanOut(Clients clients, ServerStats stats, Function<Tick, ByteBuffer> encoded) {
        this.clients = clients;
        this.stats = stats;
        this.encoded = encoded;
        this.workers = clients.shardCount() == 1 ? null : Executors.newFixedThreadPool(clients.shardCount() - 1,
                Thread.ofPlatform().name("clock-fanout-", 1).daemon().factory());
    }

    @Override
    public void onTick(Tick tick) {
        Duration started = Duration.between(tick.start(), Instant.now());
        List<Future<Integer>> others = new ArrayList<>(clients.shardCount() - 1);
        for (int i = 1; i < clients.shardCount(); i++) {
            int shard = i;
            if (!clients.shard(shard).isEmpty()) {
                others.add(workers.submit(() -> deliver(tick, shard)));
            }
        }
        long lines = deliver(tick, 0);
        for (Future<Integer> shard : others) {
            try {
                lines += shard.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a fan-out worker failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Duration done = Duration.between(tick.start(), Instant.now());
        stats.tickDelivered(lines, done);
        long written = lines;
        LOG.log(System.Logger.Level.DEBUG, () -> "tick " + tick.text().strip() + ": " + written + " lines, fan-out from "
                + started.toMillis() + " to " + done.toMillis() + " ms after the boundary");
    }

    private int deliver(Tick tick, int shard) {
        ByteBuffer view = encoded.apply(tick);
        Iterator<ClientHandler> each = clients.shard(shard).iterator();
        int written = 0;
        while (each.hasNext()) {
            written += deliverBatch(each, tick, view);
        }
        return written;
    }

    /**
     * Writes the tick to the next {@link #BATCH} clients. The walk over a shard goes in batches for
     * the JIT's sake, not the clients': it compiles a method once it has been called, or has looped,
     * some thousands of times, and a walk called once a tick, with its loop in it, took 50 to 100 s
     * to get there, and ran interpreted meanwhile. Measured at 1,000 clients from 20 to 80 s after
     * they connected, the fan-out threads spent 1.66 ms of user CPU a second with one walk per
     * shard and 0.67 with batches, which are compiled in the first seconds (commit e9d97da;
     * docs/benchmarks.md, "What e9d97da changed").
     */
    private static int deliverBatch(Iterator<ClientHandler> each, Tick tick, ByteBuffer view) {
        int written = 0;
        for (int i = 0; i < BATCH && each.hasNext(); i++) {
            written += each.next().deliver(tick, view);
        }
        return written;
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
