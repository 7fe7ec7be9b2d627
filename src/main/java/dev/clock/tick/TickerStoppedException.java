package dev.clock.tick;

/** Thrown to a thread waiting for a tick when the ticker stops: no tick will come. */
public final class TickerStoppedException extends Exception {
    public TickerStoppedException() {
        super("the ticker has stopped", null, false, false);
    }
}
