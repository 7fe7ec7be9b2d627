package dev.clock.tcp;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The places of {@code --max-clients}, one limit shared by every listener that holds clients (the
 * stream and the HTTP listener), so that the two together never hold more than the descriptors
 * the limit was sized for. A client takes a place before it is served and gives it back once.
 */
public final class ClientPlaces {
    private final int max;
    private final AtomicInteger taken = new AtomicInteger();

    public ClientPlaces(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        this.max = max;
    }

    /** Takes a place if one is free; a client that got one must {@link #release()} it exactly once. */
    public boolean tryTake() {
        while (true) {
            int now = taken.get();
            if (now >= max) {
                return false;
            }
            if (taken.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    public void release() {
        taken.decrementAndGet();
    }

    /** Places taken now, by every listener. */
    public int taken() {
        return taken.get();
    }

    public int max() {
        return max;
    }
}
