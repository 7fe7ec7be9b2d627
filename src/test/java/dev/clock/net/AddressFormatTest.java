package dev.clock.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AddressFormatTest {
    @Test
    void socketAddressesReadAsUsersWriteThem() throws Exception {
        assertThat(HostPort.format(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 37286))).isEqualTo("127.0.0.1:37286");
        assertThat(HostPort.format(new InetSocketAddress(InetAddress.getByName("::"), 8000))).isEqualTo("[::]:8000");
        assertThat(HostPort.format(new InetSocketAddress(InetAddress.getByName("::1"), 8000))).isEqualTo("[::1]:8000");
        assertThat(HostPort.format(new InetSocketAddress(InetAddress.getByName("2001:db8:0:0:1:0:0:1"), 1)))
                .isEqualTo("[2001:db8::1:0:0:1]:1");
        assertThat(HostPort.format(new InetSocketAddress(InetAddress.getByName("fe80:0:0:0:0:0:0:0"), 1))).isEqualTo("[fe80::]:1");
        assertThat(HostPort.format(InetSocketAddress.createUnresolved("example.org", 13))).isEqualTo("example.org:13");
    }

    @Test
    void aBracketedHostIsNotBracketedTwice() {
        assertThat(HostPort.format("[::1]", 18001)).isEqualTo("[::1]:18001");
        assertThat(HostPort.format("::1", 18001)).isEqualTo("[::1]:18001");
        assertThat(new HostPort("::1", 18001).toString()).isEqualTo("[::1]:18001");
    }
}
