package dev.clock.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NtpRoundTripsTest {
    @Test
    void noRoundTripsHaveNoPercentiles() {
        NtpRoundTrips trips = new NtpRoundTrips();
        assertThat(trips.percentile(0.5)).isNull();
        assertThat(trips.max()).isNull();
    }

    @Test
    void belowAMillisecondToTheMicrosecondAboveToTheMillisecond() {
        NtpRoundTrips trips = new NtpRoundTrips();
        for (int i = 0; i < 98; i++) {
            trips.record(41_300); // 41.3 µs: the 42 µs bucket
        }
        trips.record(2_500_000);  // 2.5 ms: the bucket up to 3 ms
        trips.record(7_200_000);

        assertThat(trips.count()).isEqualTo(100);
        assertThat(trips.percentile(0.50)).isEqualTo(Duration.ofNanos(42_000));
        assertThat(trips.percentile(0.99)).isEqualTo(Duration.ofMillis(3));
        assertThat(trips.percentile(1.0)).isEqualTo(Duration.ofNanos(7_200_000)); // never above the maximum
        assertThat(trips.max()).isEqualTo(Duration.ofNanos(7_200_000));
    }

    @Test
    void aRoundTripOfASecondOrMoreLandsInTheLastBucketAndTheMaximumIsExact() {
        NtpRoundTrips trips = new NtpRoundTrips();
        trips.record(Duration.ofSeconds(3).toNanos());
        assertThat(trips.percentile(0.5)).isEqualTo(Duration.ofSeconds(3));
        assertThat(trips.max()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void mergingAddsTheCountsAndKeepsTheLargerMaximum() {
        NtpRoundTrips a = new NtpRoundTrips();
        NtpRoundTrips b = new NtpRoundTrips();
        a.record(10_000);
        b.record(20_000);
        b.record(30_000);
        a.add(b);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.percentile(0.5)).isEqualTo(Duration.ofNanos(21_000));
        assertThat(a.max()).isEqualTo(Duration.ofNanos(30_000));
    }
}
