package dev.clock.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SourceSpreadTest {
    @Test
    void anIpv4LoopbackTargetGetsOneSourcePerHundredConnectionsUpTo254() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        assertThat(SourceSpread.byDefault(loopback, 1)).isEqualTo(1);
        assertThat(SourceSpread.byDefault(loopback, 100)).isEqualTo(1);
        assertThat(SourceSpread.byDefault(loopback, 101)).isEqualTo(2);
        assertThat(SourceSpread.byDefault(loopback, 300)).isEqualTo(3);
        assertThat(SourceSpread.byDefault(loopback, 19_000)).isEqualTo(190);
        assertThat(SourceSpread.byDefault(loopback, 1_000_000)).isEqualTo(254);
    }

    @Test
    void anyOtherTargetKeepsTheSystemsOneSource() throws Exception {
        assertThat(SourceSpread.byDefault(InetAddress.getByName("::1"), 1000)).isEqualTo(1);
        assertThat(SourceSpread.byDefault(InetAddress.getByName("192.0.2.1"), 1000)).isEqualTo(1);
    }
}
