package dev.clock.ntp;

import static dev.clock.ntp.RateLimiter.Decision.ANSWER;
import static dev.clock.ntp.RateLimiter.Decision.DROP;
import static dev.clock.ntp.RateLimiter.Decision.KISS_OF_DEATH;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;
    private static final InetAddress A = address(127, 0, 0, 1);
    private static final InetAddress B = address(127, 0, 0, 2);

    @Test
    void aBurstIsAnsweredThenOneRequestPerInterval() {
        RateLimiter limiter = new RateLimiter(Duration.ofSeconds(8), 8, 4, 16);
        long t = 1_000 * SECOND;
        for (int i = 0; i < 8; i++) {
            assertThat(limiter.decide(A, t)).as("request %d of the burst", i + 1).isEqualTo(ANSWER);
        }
        assertThat(limiter.decide(A, t)).isNotEqualTo(ANSWER);
        assertThat(limiter.decide(A, t + 8 * SECOND - 1)).isNotEqualTo(ANSWER);
        assertThat(limiter.decide(A, t + 8 * SECOND)).isEqualTo(ANSWER);
        assertThat(limiter.decide(A, t + 9 * SECOND)).isNotEqualTo(ANSWER);
        // A client polling every 64 s, the shortest default poll, is always answered.
        for (long at = t + 64 * SECOND; at < t + 3_600 * SECOND; at += 64 * SECOND) {
            assertThat(limiter.decide(B, at)).isEqualTo(ANSWER);
        }
    }

    @Test
    void aQuietClientEarnsItsWholeBurstBackButNoMore() {
        RateLimiter limiter = new RateLimiter(Duration.ofSeconds(1), 3, 0, 16);
        long t = 5 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.decide(A, t)).isEqualTo(ANSWER);
        }
        assertThat(limiter.decide(A, t)).isEqualTo(DROP);
        long later = t + 3_600 * SECOND;
        List<RateLimiter.Decision> burst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            burst.add(limiter.decide(A, later));
        }
        assertThat(burst).containsExactly(ANSWER, ANSWER, ANSWER, DROP, DROP);
    }

    @Test
    void overTheLimitTheFirstAndEveryFourthAfterItGetAKissOfDeath() {
        RateLimiter limiter = new RateLimiter(Duration.ofSeconds(8), 1, 4, 16);
        assertThat(limiter.decide(A, 0)).isEqualTo(ANSWER);
        List<RateLimiter.Decision> over = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            over.add(limiter.decide(A, i));
        }
        assertThat(over).containsExactly(KISS_OF_DEATH, DROP, DROP, DROP, KISS_OF_DEATH, DROP, DROP, DROP, KISS_OF_DEATH);
    }

    @Test
    void oneAddressOverItsLimitLeavesAnotherAnswered() {
        RateLimiter limiter = new RateLimiter(Duration.ofSeconds(8), 2, 4, 16);
        for (int i = 0; i < 100; i++) {
            limiter.decide(A, i);
        }
        assertThat(limiter.decide(B, 100)).isEqualTo(ANSWER);
    }

    @Test
    void theTableForgetsTheLeastRecentlyHeardAddressAndNeverGrowsPastItsSize() {
        RateLimiter limiter = new RateLimiter(Duration.ofSeconds(8), 1, 0, 16);
        long t = 0;
        assertThat(limiter.decide(A, t)).isEqualTo(ANSWER);
        for (int i = 0; i < 10_000; i++) {
            limiter.decide(address(10, i >> 16, i >> 8, i), t);
            if (i % 8 == 0) {
                // A, heard again and again, is over its limit and stays remembered as such.
                assertThat(limiter.decide(A, t)).isEqualTo(DROP);
            }
            assertThat(limiter.size()).isLessThanOrEqualTo(16);
        }
        assertThat(limiter.size()).isEqualTo(16);
        // B was heard once, long ago among the flood: forgotten, so it starts with a fresh burst.
        RateLimiter other = new RateLimiter(Duration.ofSeconds(8), 1, 0, 16);
        assertThat(other.decide(B, t)).isEqualTo(ANSWER);
        assertThat(other.decide(B, t)).isEqualTo(DROP);
        for (int i = 0; i < 16; i++) {
            other.decide(address(10, 0, 0, i), t);
        }
        assertThat(other.decide(B, t)).isEqualTo(ANSWER);
    }

    @Test
    void nanoTimeThatWrapsAroundIsStillOrdered() {
        RateLimiter limiter = new RateLimiter(Duration.ofSeconds(8), 1, 0, 16);
        long nearTheEnd = Long.MAX_VALUE - SECOND;
        assertThat(limiter.decide(A, nearTheEnd)).isEqualTo(ANSWER);
        assertThat(limiter.decide(A, nearTheEnd + 2 * SECOND)).isEqualTo(DROP); // wrapped, 2 s later
        assertThat(limiter.decide(A, nearTheEnd + 8 * SECOND)).isEqualTo(ANSWER);
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyAddressOfAnIpv6Slash64IsOneClientAsOnEveryDoor() throws Exception {
        // 200 requests from random addresses inside one /64 got 200 answers when NTP counted full addresses.
        RateLimiter limiter = new RateLimiter(Duration.ofSeconds(8), 8, 4, 16);
        java.util.Random random = new java.util.Random(25);
        List<RateLimiter.Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] a = InetAddress.getByName("2001:db8:0:7::").getAddress();
            for (int b = 8; b < 16; b++) {
                a[b] = (byte) random.nextInt();
            }
            decisions.add(limiter.decide(InetAddress.getByAddress(a), 1_000 * SECOND));
        }
        assertThat(decisions.subList(0, 8)).containsOnly(ANSWER);
        assertThat(decisions.subList(8, 200)).doesNotContain(ANSWER).contains(KISS_OF_DEATH, DROP);
        assertThat(limiter.size()).isOne();
        assertThat(limiter.decide(InetAddress.getByName("2001:db8:0:8::1"), 1_000 * SECOND)).as("the next /64").isEqualTo(ANSWER);
    }
}
