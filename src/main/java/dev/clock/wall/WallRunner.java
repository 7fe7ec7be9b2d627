package dev.clock.wall;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts a reader per clock and draws the wall on every change, or takes one snapshot. */
public final class WallRunner implements AutoCloseable {
    /** Changes that come this close together are drawn once: the clocks' ticks land together. */
    static final Duration COALESCE = Duration.ofMillis(20);

    private final Wall wall;
    private final List<Thread> readers = new ArrayList<>();

    public WallRunner(List<ClockSpec> clocks, Duration interval) {
        this.wall = new Wall(clocks);
        for (int i = 0; i < clocks.size(); i++) {
            readers.add(Thread.ofVirtual().name("wall-" + clocks.get(i).name())
                    .start(new ClockReader(clocks.get(i), i, wall, interval)));
        }
    }

    /** Draws on {@code display} whenever a clock changes, until interrupted. */
    public void show(WallDisplay display) throws InterruptedException {
        long seen = wall.version();
        display.show(wall.snapshot());
        while (true) {
            wall.awaitChange(seen);
            Thread.sleep(COALESCE);
            seen = wall.version();
            display.show(wall.snapshot());
        }
    }

    /** Every clock's state once each has answered or failed, or {@code timeout} passed. */
    public List<ClockState> snapshot(Duration timeout) throws InterruptedException {
        wall.awaitSettled(System.nanoTime() + timeout.toNanos());
        return wall.snapshot();
    }

    @Override
    public void close() {
        readers.forEach(Thread::interrupt);
    }
}
