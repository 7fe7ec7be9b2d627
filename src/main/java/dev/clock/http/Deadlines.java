package dev.clock.http;

import java.io.IOException;
import java.nio.channels.Channel;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
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

    /** A deadline for {@code channel}, {@code after} from now; cancel it once the client has done its part. */
    ScheduledFuture<?> close(Channel channel, Duration after) {
        return timer.schedule(() -> {
            try {
                channel.close();
            } catch (IOException e) {
                // closing is all we wanted
            }
        }, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
