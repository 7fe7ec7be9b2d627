package dev.clock.tick;

/** Told of every tick, on the ticker's thread, as its interval begins. */
@FunctionalInterface
public interface TickListener {
    /** Must not block on any client: the next tick waits for this to return. */
    void onTick(Tick tick);
}
