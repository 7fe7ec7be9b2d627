package dev.clock.tick;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A wall clock the test moves by hand: sleeping on it moves it, as time would. */
final class FakeClock implements InstantSource, Sleeper {
    private volatile Instant now;
    /** Added to every sleep: a thread never wakes at exactly the instant it asked for. */
    private Duration oversleep = Duration.ZERO;

    FakeClock(Instant start) {
        this.now = start;
    }

    static FakeClock at(String instant) {
        return new FakeClock(Instant.parse(instant));
    }

    @Override
    public Instant instant() {
        return now;
    }

    void set(Instant instant) {
        now = instant;
    }

    void step(Duration by) {
        now = now.plus(by);
    }

    void oversleepBy(Duration late) {
        oversleep = late;
    }

    @Override
    public void sleep(Duration duration) {
        now = now.plus(duration).plus(oversleep);
    }
}
