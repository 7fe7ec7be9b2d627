package dev.clock.tick;

import java.time.Duration;

/** Waits for a while; the ticker's tests replace it with one that moves a fake clock instead. */
@FunctionalInterface
public interface Sleeper {
    Sleeper THREAD = Thread::sleep;

    void sleep(Duration duration) throws InterruptedException;
}
