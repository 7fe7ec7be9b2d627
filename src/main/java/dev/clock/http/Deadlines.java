package dev.clock.http;

import java.nio.channels.Channel;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.SequencedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose client has not done its part in time: sent its request head, or taken
 * its response. A channel's blocking read and write have no timeout of their own; closing the
 * channel ends them. One timer thread for every connection of a listener.
 *
 * <p>Connections waiting for a request head (new ones, idle keep-alives, slow senders) are also
 * bounded in number: past {@code maxWaiting}, the one that has waited longest is closed at once.
 * A client that sends its request whole as it connects is then always read, however many idle or
 * slow connections others hold: to close it first, they would have to open {@code maxWaiting}
 * connections in the moment between its connect and its request. With such a bound, a listener
 * whose places are all taken can also {@linkplain #evictLongestWaiting() make room}: the
 * connection that has waited longest on its client, for a head or to take a response (a reader
 * that stopped reading), is closed.
 */
final class Deadlines implements AutoCloseable {
    private final ScheduledThreadPoolExecutor timer;
    private final int maxWaiting;
    /** In the order they began to wait: the first has waited longest. */
    private final SequencedSet<HeadWait> waiting = new LinkedHashSet<>();
    /** How many of {@link #waiting} wait for a head, the ones {@code maxWaiting} bounds. */
    private int heads;

    /** Deadlines with no bound on the connections waiting for a head. */
    Deadlines(String name) {
        this(name, Integer.MAX_VALUE);
    }

    Deadlines(String name, int maxWaiting) {
        if (maxWaiting < 1) {
            throw new IllegalArgumentException("maxWaiting must be at least 1, not " + maxWaiting);
        }
        this.maxWaiting = maxWaiting;
        timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("clock-" + name + "-deadlines").daemon().factory());
        timer.setRemoveOnCancelPolicy(true); // a cancelled deadline holds nothing until it would have come
    }

    /**
     * A deadline for {@code channel}, {@code after} from now; cancel it once the client has done its
     * part. Once the listener has stopped (this is closed), the deadline is now: the channel is
     * closed at once, and what is returned is done.
     */
    Future<?> close(Channel channel, Duration after) {
        try {
            return timer.schedule(() -> Connections.closeQuietly(channel), after.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            Connections.closeQuietly(channel);
            return CompletableFuture.completedFuture(null);
        }
    }

    /**
     * {@code channel} begins to wait for a request head, for at most {@code after}; {@link HeadWait#end()}
     * it once the head has come (or the wait has failed). When more than {@code maxWaiting} wait,
     * the one that has waited longest is closed now.
     */
    HeadWait awaitHead(Channel channel, Duration after) {
        HeadWait wait = new HeadWait(channel, close(channel, after), true);
        HeadWait evicted = null;
        synchronized (waiting) {
            waiting.add(wait);
            if (++heads > maxWaiting) {
                evicted = waiting.stream().filter(w -> w.forHead).findFirst().orElseThrow();
                waiting.remove(evicted);
                heads--;
            }
        }
        if (evicted != null) {
            evicted.evict();
        }
        return wait;
    }

    /**
     * {@code channel} begins to wait for its client to take a response, for at most {@code after};
     * {@link HeadWait#end()} it once written. It counts as waiting on its client, as a head does, for
     * {@link #evictLongestWaiting()}, but not against {@code maxWaiting}: it is being served.
     */
    HeadWait awaitTake(Channel channel, Duration after) {
        HeadWait wait = new HeadWait(channel, close(channel, after), false);
        if (maxWaiting != Integer.MAX_VALUE) { // only a bounded listener makes room (the page never does)
            synchronized (waiting) {
                waiting.add(wait);
            }
        }
        return wait;
    }

    /**
     * Closes the connection that has waited longest on its client, to make room for a new one:
     * only where the waits are bounded ({@code maxWaiting}), as the metrics port's are.
     *
     * @return whether one was closed
     */
    boolean evictLongestWaiting() {
        if (maxWaiting == Integer.MAX_VALUE) {
            return false;
        }
        HeadWait evicted;
        synchronized (waiting) {
            evicted = waiting.isEmpty() ? null : waiting.removeFirst();
            if (evicted != null && evicted.forHead) {
                heads--;
            }
        }
        if (evicted == null) {
            return false;
        }
        evicted.evict();
        return true;
    }

    /** Connections waiting for a request head now. */
    int waiting() {
        synchronized (waiting) {
            return heads;
        }
    }

    /** One connection's wait for a request head. */
    final class HeadWait {
        private final Channel channel;
        private final Future<?> deadline;
        /** For a request head, or else for the client to take a response. */
        private final boolean forHead;
        private volatile boolean evicted;

        private HeadWait(Channel channel, Future<?> deadline, boolean forHead) {
            this.channel = channel;
            this.deadline = deadline;
            this.forHead = forHead;
        }

        /** The head came, or the wait failed: the deadline is off, and the connection no longer counts as waiting. */
        void end() {
            deadline.cancel(false);
            synchronized (waiting) {
                if (waiting.remove(this) && forHead) {
                    heads--;
                }
            }
        }

        /** Whether the connection was closed because its time was up. */
        boolean timedOut() {
            return deadline.isDone() && !deadline.isCancelled();
        }

        /** Whether the connection was closed to make room for a newer one. */
        boolean evicted() {
            return evicted;
        }

        private void evict() {
            evicted = true;
            deadline.cancel(false);
            Connections.closeQuietly(channel);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
