package dev.clock.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.Test;

class SocketsTest {
    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void aListeningSocketIsOfItsAddressFamilyReusesItsAddressAndTakesTheReceiveBuffer() throws Exception {
        try (ServerSocketChannel plain = Sockets.listen(LOOPBACK_ANY_PORT, new Sockets.Options(0, 16, false));
             ServerSocketChannel sized = Sockets.listen(LOOPBACK_ANY_PORT, Sockets.Options.receiveBuffer(8192))) {
            InetSocketAddress bound = (InetSocketAddress) plain.getLocalAddress();
            assertThat(bound.getAddress()).isInstanceOf(Inet4Address.class);
            assertThat(bound.getPort()).isPositive();
            assertThat(plain.getOption(StandardSocketOptions.SO_REUSEADDR)).isTrue();
            assertThat(plain.getOption(StandardSocketOptions.SO_REUSEPORT)).isFalse();
            // Linux doubles what it is given; other systems keep it: either way, not the default.
            int system = plain.getOption(StandardSocketOptions.SO_RCVBUF);
            try (ServerSocketChannel untouched = ServerSocketChannel.open()) {
                assertThat(system).as("0 leaves the system's size").isEqualTo(untouched.getOption(StandardSocketOptions.SO_RCVBUF));
            }
            int asked = sized.getOption(StandardSocketOptions.SO_RCVBUF);
            assertThat(asked).isNotEqualTo(system).isBetween(8192, 2 * 8192);
        }
    }

    @Test
    void aSharedPortCanBeBoundTwice() throws Exception {
        Sockets.Options share = Sockets.Options.receiveBuffer(0).withReusePort(true).withBacklog(8);
        assertThat(share).isEqualTo(new Sockets.Options(0, 8, true));
        try (ServerSocketChannel first = Sockets.listen(LOOPBACK_ANY_PORT, share)) {
            assertThat(first.getOption(StandardSocketOptions.SO_REUSEPORT)).isTrue();
            try (ServerSocketChannel second = Sockets.listen((InetSocketAddress) first.getLocalAddress(), share)) {
                assertThat(second.getLocalAddress()).isEqualTo(first.getLocalAddress());
            }
            try (DatagramChannel udp = Sockets.datagram(LOOPBACK_ANY_PORT, share)) {
                assertThat(udp.getOption(StandardSocketOptions.SO_REUSEPORT)).isTrue();
            }
        }
    }

    @Test
    void aDatagramSocketDoesNotReuseItsAddressAndTakesTheReceiveBuffer() throws Exception {
        try (DatagramChannel plain = Sockets.datagram(LOOPBACK_ANY_PORT, Sockets.Options.receiveBuffer(0));
             DatagramChannel sized = Sockets.datagram(LOOPBACK_ANY_PORT, Sockets.Options.receiveBuffer(8192))) {
            assertThat(((InetSocketAddress) plain.getLocalAddress()).getAddress()).isInstanceOf(Inet4Address.class);
            assertThat(plain.getOption(StandardSocketOptions.SO_REUSEADDR)).isFalse();
            assertThat(sized.getOption(StandardSocketOptions.SO_RCVBUF))
                    .isNotEqualTo(plain.getOption(StandardSocketOptions.SO_RCVBUF)).isBetween(8192, 2 * 8192);
        }
    }

    @Test
    void anIpv6AddressGetsAnIpv6Socket() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 0);
        try (ServerSocketChannel tcp = Sockets.listen(v6, Sockets.Options.receiveBuffer(0))) {
            assertThat(((InetSocketAddress) tcp.getLocalAddress()).getAddress()).isInstanceOf(Inet6Address.class);
        } catch (SocketException noIpv6) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + noIpv6.getMessage());
        }
    }

    @Test
    void aFailedBindLeavesNoDescriptorOpen() throws Exception {
        var os = (com.sun.management.UnixOperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try (ServerSocketChannel taken = Sockets.listen(LOOPBACK_ANY_PORT, Sockets.Options.receiveBuffer(0));
             DatagramChannel takenUdp = Sockets.datagram(LOOPBACK_ANY_PORT, Sockets.Options.receiveBuffer(0))) {
            InetSocketAddress busy = (InetSocketAddress) taken.getLocalAddress();
            InetSocketAddress busyUdp = (InetSocketAddress) takenUdp.getLocalAddress();
            long before = os.getOpenFileDescriptorCount();
            for (int i = 0; i < 20; i++) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sockets.listen(busy, Sockets.Options.receiveBuffer(0)));
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sockets.datagram(busyUdp, Sockets.Options.receiveBuffer(0)));
            }
            // 40 failed binds: a leak would show as 40 more; other threads may open a few.
            assertThat(os.getOpenFileDescriptorCount() - before).isLessThan(10);
        }
    }

    @Test
    void aFailedBindClosesTheChannel() throws Exception {
        try (ServerSocketChannel taken = Sockets.listen(LOOPBACK_ANY_PORT, Sockets.Options.receiveBuffer(0))) {
            InetSocketAddress busy = (InetSocketAddress) taken.getLocalAddress();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sockets.listen(busy, Sockets.Options.receiveBuffer(0)))
                    .isInstanceOf(java.net.BindException.class);
        }
        try (DatagramChannel taken = Sockets.datagram(LOOPBACK_ANY_PORT, Sockets.Options.receiveBuffer(0))) {
            InetSocketAddress busy = (InetSocketAddress) taken.getLocalAddress();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sockets.datagram(busy, Sockets.Options.receiveBuffer(0)))
                    .isInstanceOf(java.net.BindException.class);
        }
    }
}
