package dev.clock.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerStatsTest {
    @Test
    void eachOperationMovesItsOwnCounterOnly() {
        ServerStats stats = new ServerStats();
        stats.accepted();
        stats.accepted();
        stats.refused(Refusal.FULL);
        stats.refused(Refusal.DENIED);
        stats.refused(Refusal.DENIED);
        stats.droppedStalled();
        stats.writeFailed();
        stats.writeFailed();
        stats.writeFailed();
        stats.lineWritten();
        stats.acceptFailed();
        assertThat(stats.acceptedCount()).isEqualTo(2);
        assertThat(stats.refusedCount(Refusal.FULL)).isEqualTo(1);
        assertThat(stats.refusedCount(Refusal.DENIED)).isEqualTo(2);
        assertThat(stats.refusedCount(Refusal.SOURCE_PORT)).isZero();
        assertThat(stats.refusedCount()).isEqualTo(3);
        assertThat(stats.droppedStalledCount()).isEqualTo(1);
        assertThat(stats.writeErrorCount()).isEqualTo(3);
        assertThat(stats.lineCount()).isEqualTo(1);
        assertThat(stats.acceptFailureCount()).isEqualTo(1);
        assertThat(stats.tickCount()).isZero();
    }

    @Test
    void aDeliveredTickCountsItsLinesAndTellsTheObserverHowLateItWas() {
        ServerStats stats = new ServerStats();
        List<Duration> seen = new ArrayList<>();
        stats.onFanOut(seen::add);
        stats.tickDelivered(7, Duration.ofMillis(3));
        stats.tickDelivered(2, Duration.ofMillis(5));
        assertThat(stats.tickCount()).isEqualTo(2);
        assertThat(stats.lineCount()).isEqualTo(9);
        assertThat(seen).containsExactly(Duration.ofMillis(3), Duration.ofMillis(5));
        assertThatThrownBy(() -> stats.onFanOut(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void countsKeepTheirRefusalsAndAllMeansEverySeries() {
        assertThat(new Counts(true, Set.of(), false, false, false).refusals()).isEmpty();
        Set<Refusal> some = EnumSet.of(Refusal.FULL, Refusal.DENIED);
        Counts counts = new Counts(false, some, false, true, false);
        some.add(Refusal.RATE_LIMITED);
        assertThat(counts.refusals()).containsExactlyInAnyOrder(Refusal.FULL, Refusal.DENIED);
        assertThat(Counts.ALL.refusals()).containsExactlyInAnyOrder(Refusal.values());
        assertThat(Counts.ALL.clients() && Counts.ALL.stalls() && Counts.ALL.acceptFailures() && Counts.ALL.ticks()).isTrue();
        assertThat(Refusal.RATE_LIMITED.label()).isEqualTo("rate_limited");
        assertThat(Refusal.SOURCE_PORT.label()).isEqualTo("source_port");
    }

    @Test
    void aBackoffNeedsAPositiveFirstDelayNoLongerThanItsCap() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("0 < first <= max");
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), Duration.ofSeconds(1))).hasMessageContaining("0 < first <= max");
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(20), Duration.ofMillis(10))).hasMessageContaining("0 < first <= max");
        Backoff equal = new Backoff(Duration.ofMillis(10), Duration.ofMillis(10));
        assertThat(equal.next()).isEqualTo(Duration.ofMillis(10));
        assertThat(equal.next()).isEqualTo(Duration.ofMillis(10));
        assertThat(equal.max()).isEqualTo(Duration.ofMillis(10));
        Backoff exact = new Backoff(Duration.ofMillis(5), Duration.ofMillis(10));
        exact.next();
        assertThat(exact.next()).isEqualTo(Duration.ofMillis(10));
        assertThat(exact.next()).isEqualTo(Duration.ofMillis(10));
    }
}
