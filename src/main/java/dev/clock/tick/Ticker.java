package dev.clock.tick;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One clock for every client: a thread that wakes as each interval of the wall clock begins,
 * formats the time once and publishes it.
 *
 * <p>Ticks are aligned to multiples of the interval since the epoch, so every client sees the
 * line for second S as second S begins, whenever it connected. Each wake-up re-reads the wall
 * clock and sleeps at most one interval, so a step of the clock (NTP, an operator) is absorbed at
 * the next tick: a step forwards publishes only the newest interval (no burst for the ones
 * skipped), a step backwards publishes the new, earlier time at its next boundary (no sleeping
 * through the hour that was stepped back), and a step that lands inside the interval already
 * published publishes nothing twice.
 *
 * <p>Each tick goes to the {@linkplain #subscribe listeners} on the ticker's thread; the next tick
 * waits until they return, so the fan-outs of two ticks never overlap.
 */
public final class Ticker implements TickSource, AutoCloseable {

    private final TickFormat format;
    private final long intervalNanos;
    private final InstantSource clock;
    private final Sleeper sleeper;

    private static final System.Logger LOG = System.getLogger(Ticker.class.getName());
    private static final Duration FAILURE_LOG_PERIOD = Duration.ofMinutes(1);

    private final List<TickListener> listeners = new CopyOnWriteArrayList<>();
    private long lastFailureLog;
    private volatile Tick current;
    private long published;
    private volatile boolean stopped;
    private Thread thread;

    public Ticker(TickFormat format, Duration interval, InstantSource clock, Sleeper sleeper) {
        this.format = Objects.requireNonNull(format);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the interval must be positive: " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.clock = Objects.requireNonNull(clock);
        this.sleeper = Objects.requireNonNull(sleeper);
        advance(); // a client that connects before the first boundary still gets the time at once
    }

    /** A ticker on the system clock. */
    public Ticker(TickFormat format, Duration interval) {
        this(format, interval, InstantSource.system(), Sleeper.THREAD);
    }

    /** Starts the ticking thread. */
    public synchronized Ticker start() {
        if (thread == null) {
            thread = Thread.ofPlatform().name("clock-ticker").daemon().unstarted(this::run);
            thread.setPriority(Thread.MAX_PRIORITY);
            thread.start();
        }
        return this;
    }

    /** The wall clock it reads, for other services that answer on the same clock. */
    public InstantSource clock() {
        return clock;
    }

    /** The tick of the interval under way. */
    @Override
    public Tick current() {
        return current;
    }

    @Override
    public void subscribe(TickListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    @Override
    public void unsubscribe(TickListener listener) {
        listeners.remove(listener);
    }

    /** Stops ticking. */
    @Override
    public void close() {
        stopped = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        try {
            while (!stopped) {
                sleeper.sleep(advance());
            }
        } catch (InterruptedException e) {
            // close() interrupts the sleep: nothing more to publish
        }
    }

    /**
     * Publishes the tick of the interval the wall clock is in, unless it is the one already
     * published, and returns how long until the next interval begins.
     */
    Duration advance() {
        long slot = Math.floorDiv(epochNanos(clock.instant()), intervalNanos);
        Tick last = current;
        if (last == null || last.slot() != slot) {
            Instant start = Instant.ofEpochSecond(0, Math.multiplyExact(slot, intervalNanos));
            publish(Tick.of(++published, slot, start, format.line(start)));
        }
        // Read the clock again: publishing waits for the fan-out, and the sleep must end at the
        // next boundary, not that long after it (which would make every tick as late as the last
        // fan-out was long). A fan-out that overran its interval publishes the next one at once.
        long now = epochNanos(clock.instant());
        if (Math.floorDiv(now, intervalNanos) != slot) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((slot + 1) * intervalNanos - now);
    }

    private void publish(Tick tick) {
        current = tick;
        for (TickListener listener : listeners) {
            try {
                listener.onTick(tick);
            } catch (RuntimeException | Error e) {
                // One failed delivery must not stop the clock for everyone: report it and go on.
                listenerFailed(e);
            }
        }
    }

    private void listenerFailed(Throwable e) {
        long now = System.nanoTime();
        if (lastFailureLog == 0 || now - lastFailureLog > FAILURE_LOG_PERIOD.toNanos()) {
            lastFailureLog = now;
            LOG.log(System.Logger.Level.ERROR, "delivering a tick failed (the clock goes on; logged at most once a minute): " + e, e);
        }
    }

    private static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}
