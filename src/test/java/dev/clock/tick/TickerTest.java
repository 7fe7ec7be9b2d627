package dev.clock.tick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    void aWaiterIsReleasedByTheNextTickAndALateOneGetsTheNewest() throws Exception {
        FakeClock clock = FakeClock.at("2026-11-24T10:00:00.500Z");
        Ticker ticker = new Ticker(UTC_HMS, SECOND, clock, clock);
        Tick seen = ticker.current();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Tick> released = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try {
                return ticker.next(seen);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        waiting.await();
        assertThat(released).isNotDone();

        clock.step(SECOND);
        ticker.advance();
        assertThat(released.get(5, TimeUnit.SECONDS).text()).isEqualTo("10:00:01\n");

        clock.step(SECOND);
        ticker.advance();
        clock.step(SECOND);
        ticker.advance();
        assertThat(ticker.next(seen).text()).as("a client that fell behind skips to now").isEqualTo("10:00:03\n");
    }

    @Test
    void closingReleasesEveryWaiter() throws Exception {
        FakeClock clock = FakeClock.at("2026-11-24T10:00:00.500Z");
        Ticker ticker = new Ticker(UTC_HMS, SECOND, clock, clock);
        Tick seen = ticker.current();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread.startVirtualThread(() -> {
            started.countDown();
            try {
                ticker.next(seen);
                outcome.complete(null);
            } catch (Exception e) {
                outcome.complete(e);
            }
        });
        started.await();

        ticker.close();

        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(TickerStoppedException.class);
        assertThatThrownBy(() -> ticker.next(seen)).isInstanceOf(TickerStoppedException.class);
    }

    @Test
    void onTheRealClockTicksComeInOrderNearTheirBoundaries() throws Exception {
        Duration interval = Duration.ofMillis(100);
        try (Ticker ticker = new Ticker(TickFormat.of("HH:mm:ss.SSS", ZoneOffset.UTC), interval).start()) {
            Tick tick = ticker.current();
            for (int i = 0; i < 10; i++) {
                Tick next = ticker.next(tick);
                long lateNanos = Duration.between(next.start(), Instant.now()).toNanos();
                assertThat(next.slot()).isEqualTo(tick.slot() + 1);
                assertThat(lateNanos).as("woken after its boundary, well within the interval")
                        .isBetween(0L, interval.toNanos() / 2);
                tick = next;
            }
        }
    }
}
