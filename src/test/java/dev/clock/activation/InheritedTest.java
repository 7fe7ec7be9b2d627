package dev.clock.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a socket on standard input is taken for, with real sockets of each kind; and the stream's one socket. */
class InheritedTest {
    private static final long PID = 4242;
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private static Optional<Descriptors> natives() {
        assumeTrue(Runtime.version().feature() >= 22, "descriptors are taken through java.lang.foreign, JDK 22+");
        return Optional.of(Descriptors.available().orElseThrow(() -> new AssertionError(Descriptors.unavailableReason())));
    }

    @Test
    void noSocketIsNothing() throws Exception {
        assertThat(Handover.all(Map.of(), PID, () -> null, Optional.empty())).isEmpty();
    }

    @Test
    void aListeningTcpSocketIsTheStreamsWithItsAddress() throws Exception {
        try (ServerSocketChannel listening = ServerSocketChannel.open()) {
            listening.bind(ANY_LOOPBACK);
            InetSocketAddress local = (InetSocketAddress) listening.getLocalAddress();
            List<HandedOver> all = Handover.all(Map.of(), PID, () -> listening, natives());
            assertThat(all).containsExactly(new HandedOver.Listening("stream", listening, local));
            // Without the kernel to ask (JDK 21), a bound one is taken for listening.
            assertThat(Handover.all(Map.of(), PID, () -> listening, Optional.empty())).isEqualTo(all);
        }
    }

    @Test
    void aConnectedTcpSocketIsOneClient() throws Exception {
        try (ServerSocketChannel listening = ServerSocketChannel.open()) {
            listening.bind(ANY_LOOPBACK);
            try (SocketChannel client = SocketChannel.open(listening.getLocalAddress());
                 SocketChannel accepted = listening.accept()) {
                List<HandedOver> all = Handover.all(Map.of(), PID, () -> accepted, Optional.empty());
                assertThat(all).containsExactly(new HandedOver.Connected("stream", accepted,
                        (InetSocketAddress) listening.getLocalAddress(), (InetSocketAddress) client.getLocalAddress()));
            }
        }
    }

    @Test
    void anUnconnectedTcpSocketThatDoesNotListenIsAnErrorNotAServerThatAcceptsNothing() throws Exception {
        // What System.inheritedChannel() gives for it: a ServerSocketChannel, as for a listening one.
        Descriptors natives = natives().orElseThrow();
        try (SocketChannel unconnected = SocketChannel.open()) {
            unconnected.bind(ANY_LOOPBACK);
            InetSocketAddress local = (InetSocketAddress) unconnected.getLocalAddress();
            int fd = natives.duplicate(natives.descriptorOf(unconnected));
            HandedOver.Listening asTheJdkSeesIt = (HandedOver.Listening) natives.take(
                    SocketFacts.tcp(fd, StandardProtocolFamily.INET, true, local, null), Classifier.Shape.LISTENING, "stream");
            try (ServerSocketChannel stdin = asTheJdkSeesIt.channel()) {
                assertThatThrownBy(() -> Handover.all(Map.of(), PID, () -> stdin, Optional.of(natives)))
                        .isInstanceOf(UnusableSocketException.class)
                        .hasMessage("standard input is a TCP socket that neither listens nor is connected (bound to "
                                + "127.0.0.1:" + local.getPort() + "), so no client could ever reach it: hand over a "
                                + "listening TCP socket (ListenStream=), a UDP socket (ListenDatagram=) or one client's "
                                + "connection (Accept=yes)");
            }
        }
    }

    @Test
    void anUnboundTcpSocketIsAnErrorEvenWithoutTheKernelToAsk() throws Exception {
        Descriptors natives = natives().orElseThrow();
        try (SocketChannel unbound = SocketChannel.open()) {
            int fd = natives.duplicate(natives.descriptorOf(unbound));
            HandedOver.Listening asTheJdkSeesIt = (HandedOver.Listening) natives.take(
                    SocketFacts.tcp(fd, StandardProtocolFamily.INET6, true, new InetSocketAddress(0), null),
                    Classifier.Shape.LISTENING, "stream");
            try (ServerSocketChannel stdin = asTheJdkSeesIt.channel()) {
                assertThatThrownBy(() -> Handover.all(Map.of(), PID, () -> stdin, Optional.empty()))
                        .isInstanceOf(UnusableSocketException.class)
                        .hasMessageStartingWith("standard input is a TCP socket that neither listens nor is connected, so");
            }
        }
    }

    @Test
    void aUdpSocketIsRefusedSayingWhatToHandOver() throws Exception {
        try (DatagramChannel udp = DatagramChannel.open()) {
            udp.bind(ANY_LOOPBACK);
            assertThatThrownBy(() -> Handover.all(Map.of(), PID, () -> udp, Optional.empty()))
                    .isInstanceOf(UnusableSocketException.class)
                    .hasMessage("standard input is a UDP socket, which clock serve cannot serve there: hand it a TCP socket "
                            + "(systemd: ListenStream=PORT), or UDP sockets from descriptor 3, each named for its door "
                            + "(ListenDatagram=, FileDescriptorName=)");
        }
    }

    @Test
    void aUnixDomainListenerIsRefused(@TempDir Path dir) throws Exception {
        try (ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            unix.bind(UnixDomainSocketAddress.of(dir.resolve("clock.sock")));
            assertThatThrownBy(() -> Handover.all(Map.of(), PID, () -> unix, Optional.empty()))
                    .isInstanceOf(UnusableSocketException.class)
                    .hasMessageStartingWith("standard input is a listening socket that is not TCP");
        } finally {
            Files.deleteIfExists(dir.resolve("clock.sock"));
        }
    }

    @Test
    void socketsSystemdPassedFromDescriptor3ThatThisJvmCannotTakeAreAnErrorNotIgnored() {
        Map<String, String> env = Map.of("LISTEN_FDS", "1", "LISTEN_PID", Long.toString(PID));
        // Standard input is not even asked for (the JDK would keep a descriptor for it).
        Handover.StandardInput unasked = () -> { throw new AssertionError("standard input asked for"); };
        assertThatThrownBy(() -> Handover.all(env, PID, unasked, Optional.empty()))
                .isInstanceOf(UnusableSocketException.class)
                .hasMessageStartingWith("systemd passed 1 socket(s) from descriptor 3 (LISTEN_FDS), which this JVM cannot take")
                .hasMessageContaining(": run clock with a JDK of 22 or newer, or pass one socket on standard input "
                        + "(StandardInput=socket in the service");
    }

    @Test
    void socketsPassedToAnotherProcessAreNotOurs() throws Exception {
        Map<String, String> env = Map.of("LISTEN_FDS", "1", "LISTEN_PID", Long.toString(PID + 1));
        assertThat(Handover.all(env, PID, () -> null, Optional.empty())).isEmpty();
    }

}
