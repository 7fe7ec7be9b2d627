package dev.clock.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a socket on standard input is taken for, with real sockets of each kind. */
class InheritedTest {
    private static final long PID = 4242;

    @Test
    void noSocketIsNone() throws Exception {
        assertThat(Inherited.of(null, Map.of(), PID)).isInstanceOf(Inherited.None.class);
    }

    @Test
    void aListeningTcpSocketIsServedWithItsAddress() throws Exception {
        try (ServerSocketChannel listening = ServerSocketChannel.open()) {
            listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Inherited inherited = Inherited.of(listening, Map.of(), PID);
            assertThat(inherited).isEqualTo(new Inherited.Listening(listening, (InetSocketAddress) listening.getLocalAddress()));
        }
    }

    @Test
    void aConnectedTcpSocketIsOneClient() throws Exception {
        try (ServerSocketChannel listening = ServerSocketChannel.open()) {
            listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel client = SocketChannel.open(listening.getLocalAddress());
                 SocketChannel accepted = listening.accept()) {
                Inherited inherited = Inherited.of(accepted, Map.of(), PID);
                assertThat(inherited).isInstanceOf(Inherited.Connected.class);
                Inherited.Connected connected = (Inherited.Connected) inherited;
                assertThat(connected.local()).isEqualTo(listening.getLocalAddress());
                assertThat(connected.remote()).isEqualTo(client.getLocalAddress());
            }
        }
    }

    @Test
    void aUdpSocketIsRefusedSayingWhatToHandOver() throws Exception {
        try (DatagramChannel udp = DatagramChannel.open()) {
            udp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertThatThrownBy(() -> Inherited.of(udp, Map.of(), PID))
                    .isInstanceOf(UnusableSocketException.class)
                    .hasMessage("standard input is a UDP socket, which clock serve cannot serve: hand it a TCP socket "
                            + "(systemd: ListenStream=PORT)");
        }
    }

    @Test
    void aUnixDomainListenerIsRefused(@TempDir Path dir) throws Exception {
        try (ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            unix.bind(UnixDomainSocketAddress.of(dir.resolve("clock.sock")));
            assertThatThrownBy(() -> Inherited.of(unix, Map.of(), PID))
                    .isInstanceOf(UnusableSocketException.class)
                    .hasMessageStartingWith("standard input is a listening socket that is not TCP");
        } finally {
            Files.deleteIfExists(dir.resolve("clock.sock"));
        }
    }

    @Test
    void socketsSystemdPassedFromDescriptor3AreAnErrorNotIgnored() {
        Map<String, String> env = Map.of("LISTEN_FDS", "1", "LISTEN_PID", Long.toString(PID));
        assertThatThrownBy(() -> Inherited.of(null, env, PID))
                .isInstanceOf(UnusableSocketException.class)
                .hasMessageContaining("systemd passed 1 socket(s) from descriptor 3 (LISTEN_FDS)")
                .hasMessageContaining("StandardInput=socket");
    }

    @Test
    void socketsPassedToAnotherProcessAreNotOurs() throws Exception {
        // LISTEN_* leak into the children of the process they were meant for; systemd names that process.
        Map<String, String> env = Map.of("LISTEN_FDS", "1", "LISTEN_PID", Long.toString(PID + 1));
        assertThat(Inherited.of(null, env, PID)).isInstanceOf(Inherited.None.class);
    }

    @Test
    void aSocketOnStandardInputWinsOverDescriptor3() throws Exception {
        Map<String, String> env = Map.of("LISTEN_FDS", "1", "LISTEN_PID", Long.toString(PID));
        try (ServerSocketChannel listening = ServerSocketChannel.open()) {
            listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertThat(Inherited.of(listening, env, PID)).isInstanceOf(Inherited.Listening.class);
        }
    }
}
