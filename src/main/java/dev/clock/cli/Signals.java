package dev.clock.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM: the first asks for a graceful stop, a second exits at once. The JVM's own
 * shutdown path would run hooks and exit 130 or 143, and would ignore a second signal.
 */
final class Signals {
    private Signals() {
    }

    static void onStop(Runnable gracefulStop) {
        AtomicBoolean first = new AtomicBoolean();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal signal = new Signal(name);
            Signal.handle(signal, s -> {
                if (first.compareAndSet(false, true)) {
                    Thread.ofPlatform().name("clock-stop").start(gracefulStop);
                } else {
                    Runtime.getRuntime().halt(128 + s.getNumber());
                }
            });
        }
    }
}
