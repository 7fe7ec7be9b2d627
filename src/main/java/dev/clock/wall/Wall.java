package dev.clock.wall;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The clocks' latest states, fed by one reader per clock and watched by one display. A change
 * wakes the display; changes that come while it draws are folded into its next drawing.
 */
public final class Wall {
    private final AtomicReferenceArray<ClockState> states;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long version;

    public Wall(List<ClockSpec> clocks) {
        states = new AtomicReferenceArray<>(clocks.size());
        for (int i = 0; i < clocks.size(); i++) {
            states.set(i, ClockState.connecting(clocks.get(i).name()));
        }
    }

    void update(int index, ClockState state) {
        states.set(index, state);
        lock.lock();
        try {
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    ClockState state(int index) {
        return states.get(index);
    }

    public List<ClockState> snapshot() {
        List<ClockState> copy = new ArrayList<>(states.length());
        for (int i = 0; i < states.length(); i++) {
            copy.add(states.get(i));
        }
        return copy;
    }

    /** Counts changes: a display that drew at version v has something new once it moves on. */
    long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the wall has changed since version {@code seen}. */
    void awaitChange(long seen) throws InterruptedException {
        lock.lock();
        try {
            while (version == seen) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every clock has answered, or is down, or sent something else, or {@code deadlineNanos} passes. */
    public void awaitSettled(long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (!snapshot().stream().allMatch(ClockState::settled)) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }
}
