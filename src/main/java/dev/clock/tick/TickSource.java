package dev.clock.tick;

/**
 * Where ticks come from for whoever fans them out: the tick under way, for a client that arrives
 * now, and every tick from a subscription on. The clock's {@link Ticker} is one; the wall's state,
 * published to browsers, is another.
 */
public interface TickSource {
    /** The tick under way: a new client's first. */
    Tick current();

    /** Tells {@code listener} of every tick from now on. */
    void subscribe(TickListener listener);

    void unsubscribe(TickListener listener);
}
