package dev.clock.http;

import java.nio.channels.Channel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose client has not done its part in time: sent its request head, or taken
 * its response. A channel's blocking read and write have no timeout of their own; closing the
 * channel ends them. One timer thread for every connection of a listener.
 */
final class Deadlines implements AutoCloseable {
    private final ScheduledThreadPoolExecutor timer;

    Deadlines(String name) {
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

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
