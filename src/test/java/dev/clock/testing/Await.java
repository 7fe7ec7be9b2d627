package dev.clock.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition the code under test has no event for (a count the kernel or server keeps). */
public final class Await {
    private Await() {
    }

    public static void until(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(5);
        }
    }
}
