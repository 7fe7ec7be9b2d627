package dev.clock.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Ctrl-C, SIGTERM and SIGHUP (the terminal went away): the first asks for a graceful stop, a
 * second exits at once (128 + its number). The JVM's own shutdown path would run hooks and exit
 * 129, 130 or 143 with no drain, and would ignore a second signal. A signal the process inherited
 * as ignored stays ignored, as the JVM leaves it: SIGINT for a job a script started with {@code &},
 * SIGHUP under {@code nohup}; SIGTERM always works.
 */
final class Signals {
    private Signals() {
    }

    static void onStop(Runnable gracefulStop) {
        AtomicBoolean first = new AtomicBoolean();
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
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
