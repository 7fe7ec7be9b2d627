package dev.clock.wall;

import dev.clock.net.Reasons;
import dev.clock.text.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.InstantSource;
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
                    .start(new ClockReader(clocks.get(i), i, wall, interval, InstantSource.system())));
        }
    }

    /**
     * Draws on {@code display} whenever a clock changes, until interrupted or until the output's
     * reader goes away ({@code | head}), which ends it quietly, as it ends {@code clock nc}.
     *
     * @throws IOException if the output fails otherwise (a full disk, say)
     */
    public void show(WallDisplay display) throws InterruptedException, IOException {
        try {
            long seen = wall.version();
            display.show(wall.snapshot());
            while (true) {
                wall.awaitChange(seen);
                Thread.sleep(COALESCE);
                seen = wall.version();
                display.show(wall.snapshot());
            }
        } catch (IOException e) {
            if (!Reasons.of(e).equals("broken pipe")) {
                throw e;
            }
        }
    }

    /**
     * {@code --once}: waits until each clock has answered or failed, or {@code timeout} passed,
     * prints one line per clock to {@code out} and, for each that did not answer, why to
     * {@code err}.
     *
     * @return whether every clock answered with a time
     */
    public boolean printOnce(Duration timeout, PrintStream out, PrintWriter err) throws InterruptedException {
        wall.awaitSettled(System.nanoTime() + timeout.toNanos());
        List<ClockState> states = wall.snapshot();
        WallView.snapshot(states).forEach(out::println);
        out.flush();
        boolean all = true;
        for (ClockState s : states) {
            if (!s.answered()) {
                all = false;
                err.println("clock wall: " + s.name() + ": " + (s.settled() ? s.statusText() : "no time within " + Durations.format(timeout)));
            }
        }
        err.flush();
        return all;
    }

    @Override
    public void close() {
        readers.forEach(Thread::interrupt);
    }
}
