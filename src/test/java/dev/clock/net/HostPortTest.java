package dev.clock.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void parsesNamesAddressesAndBracketedIpv6() {
        assertThat(HostPort.parse("localhost:8000")).isEqualTo(new HostPort("localhost", 8000));
        assertThat(HostPort.parse("127.0.0.1:0")).isEqualTo(new HostPort("127.0.0.1", 0));
        assertThat(HostPort.parse("[::1]:8010")).isEqualTo(new HostPort("::1", 8010));
        assertThat(new HostPort("::1", 8010)).hasToString("[::1]:8010");
    }

    @Test
    void saysWhatIsWrong() {
        assertThatThrownBy(() -> HostPort.parse("localhost")).hasMessageContaining("has no port");
        assertThatThrownBy(() -> HostPort.parse(":8000")).hasMessageContaining("has no host");
        assertThatThrownBy(() -> HostPort.parse("::1:8000")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> HostPort.parse("[::1]")).hasMessageContaining("has no port");
        assertThatThrownBy(() -> HostPort.parse("host:99999")).hasMessageContaining("not a port");
        assertThatThrownBy(() -> HostPort.parse("host:http")).hasMessageContaining("not a port");
        assertThatThrownBy(() -> HostPort.parse("host:65536")).hasMessageContaining("not a port");
        assertThatThrownBy(() -> new HostPort("host", -1)).hasMessageContaining("not a port");
        assertThatThrownBy(() -> new HostPort("", 80)).hasMessageContaining("the host is empty");
        assertThat(HostPort.parse("host:65535").port()).isEqualTo(65535);
    }

    @Test
    void anAddressThatIsNotAnInternetOneReadsAsItsOwnText() {
        java.net.SocketAddress unix = java.net.UnixDomainSocketAddress.of("/run/clock.sock");
        assertThat(HostPort.format(unix)).isEqualTo("/run/clock.sock");
    }
}
