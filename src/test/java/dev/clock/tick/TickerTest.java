package dev.clock.tick;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class TickerTest {
    private static final TickFormat UTC_HMS = TickFormat.of(TickFormat.DEFAULT_PATTERN, ZoneOffset.UTC);
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void publishesTheCurrentSecondAtOnceAndSleepsToTheNextBoundary() {
        FakeClock clock = FakeClock.at("2026-11-24T10:00:00.300Z");
        Ticker ticker = new Ticker(UTC_HMS, SECOND, clock, clock);

        assertThat(ticker.current().text()).isEqualTo("10:00:00\n");
        assertThat(ticker.current().start()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
        assertThat(ticker.advance()).isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void eachBoundaryPublishesTheSecondThatBegins() {
        FakeClock clock = FakeClock.at("2026-11-24T10:00:00.300Z");
        Ticker ticker = new Ticker(UTC_HMS, SECOND, clock, clock);

        clock.sleep(ticker.advance());
        clock.oversleepBy(Duration.ofNanos(80_000)); // timer slack: wakes a little after the boundary
        Duration wait = ticker.advance();

        assertThat(ticker.current().text()).isEqualTo("10:00:01\n");
        assertThat(wait).isEqualTo(SECOND);
    }

    @Test
    void neverSkipsOrRepeatsASecondWhenWakeUpsJitter() {
        FakeClock clock = FakeClock.at("2026-11-24T23:59:30.123Z");
        Ticker ticker = new Ticker(UTC_HMS, SECOND, clock, clock);
        Random random = new Random(42);
        List<Tick> published = new ArrayList<>(List.of(ticker.current()));

        for (int i = 0; i < 5_000; i++) {
            Duration wait = ticker.advance();
            if (ticker.current() != published.getLast()) {
                published.add(ticker.current());
            }
            // Wake up to 30 ms late, or a few microseconds early (a slewing clock).
            long jitterNanos = random.nextInt(10) == 0 ? -random.nextInt(20_000) : random.nextInt(30_000_000);
            clock.sleep(wait.plusNanos(jitterNanos));
        }

        assertThat(published).hasSizeGreaterThan(4_000);
        for (int i = 1; i < published.size(); i++) {
            assertThat(published.get(i).slot()).isEqualTo(published.get(i - 1).slot() + 1);
        }
        assertThat(published).extracting(Tick::text).contains("23:59:59\n", "00:00:00\n");
    }

    @Test
    void aStepForwardPublishesOnlyTheNewTimeWithNoBurst() {
        FakeClock clock = FakeClock.at("2026-11-24T10:00:00.000Z");
        Ticker ticker = new Ticker(UTC_HMS, SECOND, clock, clock);
        List<String> seen = new ArrayList<>(List.of(ticker.current().text()));
        clock.sleep(ticker.advance().minusMillis(400)); // 10:00:00.600
        clock.step(Duration.ofHours(1).plusMillis(100)); // NTP steps to 11:00:00.700

        Duration firstWait = ticker.advance();
        seen.add(ticker.current().text());
        clock.sleep(firstWait);
        for (int i = 0; i < 2; i++) {
            Duration wait = ticker.advance();
            seen.add(ticker.current().text());
            clock.sleep(wait);
        }

        assertThat(firstWait).as("re-aligned to the next boundary").isEqualTo(Duration.ofMillis(300));
        assertThat(seen).containsExactly("10:00:00\n", "11:00:00\n", "11:00:01\n", "11:00:02\n");
    }

    @Test
    void aStepBackwardsReAlignsAtOnceInsteadOfSleepingThroughTheHour() {
        FakeClock clock = FakeClock.at("2026-11-24T10:00:05.000Z");
        Ticker ticker = new Ticker(UTC_HMS, SECOND, clock, clock);
        clock.set(Instant.parse("2026-11-24T09:00:00.250Z")); // stepped back an hour mid-sleep

        Duration wait = ticker.advance();

        assertThat(ticker.current().text()).isEqualTo("09:00:00\n");
        assertThat(wait).isEqualTo(Duration.ofMillis(750));
        clock.sleep(wait);
        ticker.advance();
        assertThat(ticker.current().text()).isEqualTo("09:00:01\n");
    }

    @Test
    void aStepBackwardsAcrossTheBoundaryJustPublishedRepeatsNothing() {
        FakeClock clock = FakeClock.at("2026-11-24T10:00:05.000Z"); // 10:00:05 published on its boundary
        Ticker ticker = new Ticker(UTC_HMS, SECOND, clock, clock);
        Tick published = ticker.current();
        Duration wait = ticker.advance();
        clock.step(Duration.ofMillis(-100)); // stepped back to 10:00:04.900, before that boundary
        clock.sleep(wait); // wakes at 10:00:05.900 by the stepped clock

        Duration remaining = ticker.advance();

        assertThat(ticker.current()).as("10:00:05 again would be a duplicate").isSameAs(published);
        assertThat(remaining).isEqualTo(Duration.ofMillis(100));
        clock.sleep(remaining);
        ticker.advance();
        assertThat(ticker.current().text()).isEqualTo("10:00:06\n");
    }

    @Test
    void aTickOnTheSameSecondIsNotPublishedTwice() {
        FakeClock clock = FakeClock.at("2026-11-24T10:00:05.000Z");
        Ticker ticker = new Ticker(UTC_HMS, SECOND, clock, clock);
        Tick first = ticker.current();
        clock.step(Duration.ofMillis(999));

        ticker.advance();

        assertThat(ticker.current()).isSameAs(first);
    }

    @Test
    void shorterIntervalsFallOnTheirMultiples() {
        FakeClock clock = FakeClock.at("2026-11-24T10:00:00.130Z");
        Ticker ticker = new Ticker(TickFormat.of("HH:mm:ss.SSS", ZoneOffset.UTC), Duration.ofMillis(250), clock, clock);

        assertThat(ticker.current().text()).isEqualTo("10:00:00.000\n");
        clock.sleep(ticker.advance());
        ticker.advance();
        assertThat(ticker.current().text()).isEqualTo("10:00:00.250\n");
        clock.sleep(ticker.advance());
        ticker.advance();
        assertThat(ticker.current().text()).isEqualTo("10:00:00.500\n");
    }

    @Test
    void listenersHearEveryPublishedTickOnceInOrderWithIncreasingSequence() {
        FakeClock clock = FakeClock.at("2026-11-24T10:00:00.500Z");
        Ticker ticker = new Ticker(UTC_HMS, SECOND, clock, clock);
        List<Tick> heard = new ArrayList<>();
        ticker.subscribe(heard::add);

        for (int i = 0; i < 4; i++) { // the first wakes at 10:00:01; the fourth publishes 10:00:03
            clock.sleep(ticker.advance());
        }
        clock.set(Instant.parse("2026-11-24T09:00:00.100Z")); // a step back still gets a higher sequence
        ticker.advance();

        assertThat(heard).extracting(Tick::text).containsExactly("10:00:01\n", "10:00:02\n", "10:00:03\n", "09:00:00\n");
        assertThat(heard).extracting(Tick::seq).isSorted().doesNotHaveDuplicates();
        assertThat(heard.getLast()).isSameAs(ticker.current());
    }

    @Test
    void theTimeSpentDeliveringATickIsNotAddedToTheSleep() {
        FakeClock clock = FakeClock.at("2026-11-24T09:59:59.999Z");
        Ticker ticker = new Ticker(UTC_HMS, SECOND, clock, clock);
        ticker.subscribe(tick -> clock.step(Duration.ofMillis(300))); // a fan-out that takes 300 ms
        clock.sleep(ticker.advance()); // 10:00:00.000

        Duration sleep = ticker.advance(); // publishes 10:00:00, done at 10:00:00.300

        assertThat(sleep).as("wake at 10:00:01, not 300 ms after it").isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void aFanOutThatOverrunsItsIntervalPublishesTheNextAtOnce() {
        FakeClock clock = FakeClock.at("2026-11-24T10:00:00.000Z");
        Ticker ticker = new Ticker(UTC_HMS, SECOND, clock, clock);
        ticker.subscribe(tick -> clock.step(Duration.ofMillis(1_200)));
        clock.sleep(Duration.ofSeconds(1)); // 10:00:01.000

        assertThat(ticker.advance()).isEqualTo(Duration.ZERO);
        ticker.advance();
        assertThat(ticker.current().text()).isEqualTo("10:00:02\n");
    }

    @Test
    void aFailingListenerDoesNotStopTheClockForTheOthers() {
        FakeClock clock = FakeClock.at("2026-11-24T10:00:00.500Z");
        Ticker ticker = new Ticker(UTC_HMS, SECOND, clock, clock);
        List<Tick> heard = new ArrayList<>();
        ticker.subscribe(tick -> {
            throw new NoClassDefFoundError("out of descriptors, say");
        });
        ticker.subscribe(heard::add);

        clock.sleep(ticker.advance());
        clock.sleep(ticker.advance());
        clock.sleep(ticker.advance());

        assertThat(heard).extracting(Tick::text).containsExactly("10:00:01\n", "10:00:02\n");
    }

    @Test
    void closingStopsTheTickingThread() throws Exception {
        Duration interval = Duration.ofMillis(20);
        Ticker ticker = new Ticker(TickFormat.of("HH:mm:ss.SSS", ZoneOffset.UTC), interval);
        BlockingQueue<Tick> heard = new LinkedBlockingQueue<>();
        ticker.subscribe(heard::add);
        ticker.start();
        assertThat(heard.poll(5, TimeUnit.SECONDS)).isNotNull();

        ticker.close();
        Thread.sleep(interval.toMillis()); // a tick already being published may still land
        heard.clear();

        assertThat(heard.poll(interval.multipliedBy(5).toMillis(), TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void onTheRealClockTicksComeInOrderNearTheirBoundaries() throws Exception {
        Duration interval = Duration.ofMillis(100);
        BlockingQueue<Long> lateness = new LinkedBlockingQueue<>();
        BlockingQueue<Tick> heard = new LinkedBlockingQueue<>();
        try (Ticker ticker = new Ticker(TickFormat.of("HH:mm:ss.SSS", ZoneOffset.UTC), interval)) {
            ticker.subscribe(tick -> {
                lateness.add(Duration.between(tick.start(), Instant.now()).toNanos());
                heard.add(tick);
            });
            ticker.start();
            Tick previous = heard.poll(5, TimeUnit.SECONDS);
            // The first wake-up also starts the thread and loads what a tick uses (96 ms late once
            // on a loaded machine): the ones after it are the steady ticking this is about.
            lateness.remove();
            for (int i = 0; i < 5; i++) {
                Tick next = heard.poll(5, TimeUnit.SECONDS);
                assertThat(next.slot()).isEqualTo(previous.slot() + 1);
                previous = next;
            }
        }
        assertThat(lateness).as("published after its boundary, well within the interval")
                .allMatch(late -> late >= 0 && late < interval.toNanos() / 2);
    }

    @Test
    void itsThreadSleepsUntilEachBoundaryOnTheSleeperItWasGivenAndStopsWhenClosed() throws Exception {
        FakeClock clock = FakeClock.at("2026-11-24T10:00:00.300Z");
        List<Duration> sleeps = new CopyOnWriteArrayList<>();
        List<Thread> sleepers = new CopyOnWriteArrayList<>();
        AtomicReference<Ticker> self = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);
        Ticker ticker = new Ticker(UTC_HMS, SECOND, clock, duration -> {
            sleeps.add(duration);
            sleepers.add(Thread.currentThread());
            clock.sleep(duration);
            if (sleeps.size() == 3) {
                self.get().close(); // from the ticker's own thread: the loop must end after this sleep
                closed.countDown();
            }
        });
        self.set(ticker);
        List<String> heard = new CopyOnWriteArrayList<>();
        ticker.subscribe(tick -> heard.add(tick.text()));

        assertThat(ticker.start()).isSameAs(ticker);
        assertThat(ticker.start()).as("a second start starts no second thread").isSameAs(ticker);
        assertThat(closed.await(5, TimeUnit.SECONDS)).as("three sleeps").isTrue();
        Thread thread = sleepers.getFirst();
        thread.join(Duration.ofSeconds(5));

        assertThat(thread.isAlive()).as("the thread ended").isFalse();
        assertThat(sleeps).containsExactly(Duration.ofMillis(700), SECOND, SECOND);
        assertThat(sleepers).containsOnly(thread);
        assertThat(heard).containsExactly("10:00:01\n", "10:00:02\n");
        assertThat(thread.getName()).isEqualTo("clock-ticker");
        assertThat(thread.isDaemon()).isTrue();
        assertThat(thread.getPriority()).as("ticks are late by the scheduler's delay: ask for the least").isEqualTo(Thread.MAX_PRIORITY);
        assertThat(ticker.clock()).isSameAs(clock);
    }

    @Test
    void closingInterruptsASleepThatWouldOtherwiseOutliveTheTicker() throws Exception {
        FakeClock clock = FakeClock.at("2026-11-24T10:00:00.300Z");
        CountDownLatch asleep = new CountDownLatch(1);
        AtomicReference<Thread> sleeper = new AtomicReference<>();
        Ticker ticker = new Ticker(UTC_HMS, SECOND, clock, duration -> {
            sleeper.set(Thread.currentThread());
            asleep.countDown();
            Thread.sleep(Duration.ofHours(1)); // a sleep only an interrupt ends
        });
        ticker.start();
        assertThat(asleep.await(5, TimeUnit.SECONDS)).isTrue();

        ticker.close();
        sleeper.get().join(Duration.ofSeconds(5));

        assertThat(sleeper.get().isAlive()).isFalse();
    }

    @Test
    void aListenerThatKeepsFailingIsLoggedOnceAMinuteNotOnEveryTick() {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(Ticker.class.getName());
        log.addHandler(handler);
        try {
            FakeClock clock = FakeClock.at("2026-11-24T10:00:00.500Z");
            Ticker ticker = new Ticker(UTC_HMS, SECOND, clock, clock);
            ticker.subscribe(tick -> {
                throw new IllegalStateException("broken listener");
            });

            for (int i = 0; i < 3; i++) {
                clock.sleep(ticker.advance());
            }

            assertThat(logged).hasSize(1);
            assertThat(logged.getFirst().getMessage()).contains("delivering a tick failed", "broken listener");
        } finally {
            log.removeHandler(handler);
        }
    }
}
