package dev.clock.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clock.access.AccessPolicy.Rules;
import dev.clock.access.AccessPolicy.Verdict;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    private static Rules rules(List<String> allow, List<String> deny, int perSource, double cps, double dps) {
        return new Rules(allow.stream().map(Cidr::parse).toList(), deny.stream().map(Cidr::parse).toList(), perSource, cps, 2, dps, 2);
    }

    @Test
    void blocksMatchIpv4Ipv6AndMappedAddresses() throws Exception {
        assertThat(Cidr.parse("192.0.2.0/24").contains(ip("192.0.2.77"))).isTrue();
        assertThat(Cidr.parse("192.0.2.0/24").contains(ip("192.0.3.1"))).isFalse();
        assertThat(Cidr.parse("192.0.2.7").contains(ip("192.0.2.7"))).isTrue();
        assertThat(Cidr.parse("192.0.2.7").contains(ip("192.0.2.8"))).isFalse();
        assertThat(Cidr.parse("192.0.2.0/24").contains(ip("::ffff:192.0.2.9"))).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains(ip("2001:db8:1::5"))).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains(ip("2001:db9::5"))).isFalse();
        assertThat(Cidr.parse("::1").contains(ip("127.0.0.1"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.1"))).isTrue();
        assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
    }

    @Test
    void aMalformedBlockSaysWhatIsWrong() {
        for (String bad : new String[] {"", "example.org", "10.0.0.0/33", "10.0.0.0/x", "::1/129", "10.0.0", "1.2.3.4/-1"}) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("'" + bad + "' is not an address block").hasMessageContaining("e.g. 192.0.2.0/24");
        }
    }

    @Test
    void denyWinsAndNoAllowListMeansEveryone() throws Exception {
        AccessPolicy everyone = new AccessPolicy(rules(List.of(), List.of("127.0.0.3"), 10, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertThat(everyone.permits(ip("127.0.0.2"))).isTrue();
        assertThat(everyone.permits(ip("127.0.0.3"))).isFalse();

        AccessPolicy some = new AccessPolicy(rules(List.of("127.0.0.0/24"), List.of("127.0.0.3"), 10,
                Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertThat(some.permits(ip("127.0.0.2"))).isTrue();
        assertThat(some.permits(ip("127.0.0.3"))).as("deny wins over allow").isFalse();
        assertThat(some.permits(ip("127.0.1.2"))).as("not on the allow list").isFalse();
        assertThat(some.connect(ip("127.0.1.2"), "stream")).isEqualTo(Verdict.DENIED);
        assertThat(some.datagram(ip("127.0.0.3"), "time")).isEqualTo(Verdict.DENIED);
    }

    @Test
    void perSourceCountsConnectionsAtOnceAndAnIpv6Slash64AsOne() throws Exception {
        AccessPolicy policy = new AccessPolicy(rules(List.of(), List.of(), 2, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertThat(policy.connect(ip("127.0.0.2"), "stream")).isEqualTo(Verdict.ADMITTED);
        assertThat(policy.connect(ip("127.0.0.2"), "stream")).isEqualTo(Verdict.ADMITTED);
        assertThat(policy.connect(ip("127.0.0.2"), "stream")).isEqualTo(Verdict.TOO_MANY_FROM_SOURCE);
        assertThat(policy.connect(ip("127.0.0.3"), "stream")).as("another source").isEqualTo(Verdict.ADMITTED);
        policy.disconnected(ip("127.0.0.2"));
        assertThat(policy.connect(ip("127.0.0.2"), "stream")).as("a place freed").isEqualTo(Verdict.ADMITTED);

        assertThat(policy.connect(ip("2001:db8::1"), "stream")).isEqualTo(Verdict.ADMITTED);
        assertThat(policy.connect(ip("2001:db8::2:3"), "stream")).isEqualTo(Verdict.ADMITTED);
        assertThat(policy.connect(ip("2001:db8::ffff"), "stream")).as("the same /64").isEqualTo(Verdict.TOO_MANY_FROM_SOURCE);
        assertThat(policy.connect(ip("2001:db8:0:1::1"), "stream")).as("another /64").isEqualTo(Verdict.ADMITTED);
        assertThat(policy.sourcesConnected()).isEqualTo(4);
    }

    @Test
    void theConnectRateCutsABurstFromOneSourceOnly() throws Exception {
        AccessPolicy policy = new AccessPolicy(rules(List.of(), List.of(), 1000, 1, Double.POSITIVE_INFINITY));
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            Verdict verdict = policy.connect(ip("127.0.0.2"), "stream");
            assertThat(verdict).isIn(Verdict.ADMITTED, Verdict.RATE_LIMITED);
            if (verdict == Verdict.ADMITTED) {
                admitted++;
            }
        }
        assertThat(admitted).as("the burst of 2, no more, in far less than a second").isEqualTo(2);
        assertThat(policy.connect(ip("127.0.0.3"), "stream")).isEqualTo(Verdict.ADMITTED);
    }

    @Test
    void theRateTablesStayBoundedUnderEverChangingAddresses() throws Exception {
        AccessPolicy policy = new AccessPolicy(rules(List.of(), List.of(), 1000, 5, 5));
        byte[] a = {10, 0, 0, 0};
        for (int i = 0; i < 100_000; i++) {
            a[1] = (byte) (i >> 16);
            a[2] = (byte) (i >> 8);
            a[3] = (byte) i;
            InetAddress source = InetAddress.getByAddress(a);
            policy.datagram(source, "time");
            if (policy.connect(source, "stream") == Verdict.ADMITTED) {
                policy.disconnected(source);
            }
        }
        assertThat(policy.sourcesRemembered()).isLessThanOrEqualTo(2 * AccessPolicy.TABLE_CAPACITY);
        assertThat(policy.sourcesConnected()).isZero();
    }

    @Test
    void refusalsAreLoggedOnceAMinutePerSource() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        Logger logger = Logger.getLogger(AccessPolicy.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            AccessPolicy policy = new AccessPolicy(rules(List.of(), List.of("127.0.0.0/8"), 10, Double.POSITIVE_INFINITY,
                    Double.POSITIVE_INFINITY));
            for (int i = 0; i < 1000; i++) {
                policy.connect(ip("127.0.0.2"), "stream");
                policy.datagram(ip("127.0.0.5"), "daytime");
            }
            assertThat(records).extracting(LogRecord::getMessage).containsExactlyInAnyOrder(
                    "stream: refused 127.0.0.2: denied by --allow/--deny (logged at most once a minute per source)",
                    "daytime: refused 127.0.0.5: denied by --allow/--deny (logged at most once a minute per source)");
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void theDatagramRateCountsAnIpv6Slash64AsOneSourceAndRefillsWithItsClock() throws Exception {
        long[] now = {0};
        AccessPolicy policy = new AccessPolicy(rules(List.of(), List.of(), 10, Double.POSITIVE_INFINITY, 1), () -> now[0]);
        assertThat(policy.datagram(ip("2001:db8::1"), "time")).isEqualTo(Verdict.ADMITTED);
        assertThat(policy.datagram(ip("2001:db8::2"), "time")).isEqualTo(Verdict.ADMITTED);
        assertThat(policy.datagram(ip("2001:db8::ffff:3"), "time")).as("the burst of 2 spent by one /64")
                .isEqualTo(Verdict.RATE_LIMITED);
        assertThat(policy.datagram(ip("2001:db8:0:1::1"), "time")).as("another /64").isEqualTo(Verdict.ADMITTED);
        now[0] += 999_999_999;
        assertThat(policy.datagram(ip("2001:db8::4"), "time")).as("a nanosecond short of a second").isEqualTo(Verdict.RATE_LIMITED);
        now[0] += 1;
        assertThat(policy.datagram(ip("2001:db8::4"), "time")).as("one a second").isEqualTo(Verdict.ADMITTED);
        assertThat(policy.sourcesRemembered()).isEqualTo(2);
    }

    @Test
    void ntpAsksOnlyTheListsForItLimitsItsOwnRate() throws Exception {
        AccessPolicy policy = new AccessPolicy(rules(List.of(), List.of("127.0.0.3"), 10, 1, 1));
        for (int i = 0; i < 10; i++) {
            assertThat(policy.listed(ip("127.0.0.2"), "ntp")).isEqualTo(Verdict.ADMITTED);
        }
        assertThat(policy.listed(ip("127.0.0.3"), "ntp")).isEqualTo(Verdict.DENIED);
        assertThat(Verdict.DENIED.refusal()).isEqualTo(dev.clock.net.Refusal.DENIED);
        assertThatThrownBy(Verdict.ADMITTED::refusal).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void openRulesLetEveryoneInAndEveryDoorOfAPolicySharesOneLoopGuard() throws Exception {
        AccessPolicy open = new AccessPolicy(Rules.open());
        for (int i = 0; i < 1_000; i++) {
            assertThat(open.connect(ip("127.0.0.2"), "stream")).isEqualTo(Verdict.ADMITTED);
            assertThat(open.datagram(ip("127.0.0.2"), "time")).isEqualTo(Verdict.ADMITTED);
        }
        assertThat(open.sourcesRemembered()).as("no rate tables without rates").isZero();
        open.loopGuard().own(new java.net.InetSocketAddress("127.0.0.1", 4_321));
        assertThat(open.loopGuard().risk(new java.net.InetSocketAddress("192.0.2.1", 4_321)))
                .isEqualTo(LoopGuard.Risk.SERVICE_PORT);
    }
}
