package dev.clock.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Descriptors taken as systemd hands them over, in this process: real sockets of every kind are
 * opened here, and a duplicate of each descriptor is handed over, as systemd's are, by number.
 */
@Timeout(30)
class HandoverTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final String HAND_OVER = "hand over a listening TCP socket (ListenStream=), a UDP socket "
            + "(ListenDatagram=) or one client's connection (Accept=yes)";

    private Descriptors natives;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void natives() {
        assumeTrue(Runtime.version().feature() >= 22, "descriptors are taken through java.lang.foreign, JDK 22+");
        natives = Descriptors.available().orElseThrow(() -> new AssertionError(Descriptors.unavailableReason()));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        open.add(closeable);
        return closeable;
    }

    /** A new descriptor for the channel's socket, as systemd's process would hold one. */
    private int handOver(java.nio.channels.Channel channel) throws IOException {
        return natives.duplicate(natives.descriptorOf(channel));
    }

    private static ListenFds passed(int fd, String name) {
        return new ListenFds(List.of(new ListenFds.Descriptor(fd, name)));
    }

    private List<HandedOver> take(ListenFds passed) throws IOException {
        List<HandedOver> taken = Handover.fromDescriptors(passed, natives);
        for (HandedOver h : taken) {
            switch (h) {
                case HandedOver.Listening l -> opened(l.channel());
                case HandedOver.Datagram d -> opened(d.channel());
                case HandedOver.Connected c -> opened(c.channel());
            }
        }
        return taken;
    }

    @Test
    void aListeningSocketAUdpSocketAndAConnectionArriveClassifiedByName() throws Exception {
        ServerSocketChannel tcp = opened(ServerSocketChannel.open()).bind(ANY_LOOPBACK);
        DatagramChannel udp = opened(DatagramChannel.open()).bind(ANY_LOOPBACK);
        SocketChannel client = opened(SocketChannel.open(tcp.getLocalAddress()));
        SocketChannel accepted = opened(tcp.accept());
        ListenFds passed = new ListenFds(List.of(new ListenFds.Descriptor(handOver(tcp), "stream"),
                new ListenFds.Descriptor(handOver(udp), "ntp"), new ListenFds.Descriptor(handOver(accepted), "http")));

        List<HandedOver> taken = take(passed);

        assertThat(taken).hasSize(3);
        HandedOver.Listening listening = (HandedOver.Listening) taken.get(0);
        HandedOver.Datagram datagram = (HandedOver.Datagram) taken.get(1);
        HandedOver.Connected connected = (HandedOver.Connected) taken.get(2);
        assertThat(List.of(listening.name(), datagram.name(), connected.name())).containsExactly("stream", "ntp", "http");
        assertThat(listening.local()).isEqualTo(tcp.getLocalAddress());
        assertThat(listening.channel().getLocalAddress()).isEqualTo(tcp.getLocalAddress());
        assertThat(datagram.local()).isEqualTo(udp.getLocalAddress());
        assertThat(connected.local()).isEqualTo(accepted.getLocalAddress());
        assertThat(connected.remote()).isEqualTo(client.getLocalAddress());
        assertThat(connected.channel().getRemoteAddress()).isEqualTo(client.getLocalAddress());

        // Each works as a channel of its kind: the listening one accepts, the UDP one answers, the connection writes.
        try (SocketChannel second = SocketChannel.open(tcp.getLocalAddress());
             SocketChannel secondAccepted = listening.channel().accept()) {
            assertThat(secondAccepted.getRemoteAddress()).isEqualTo(second.getLocalAddress());
        }
        try (DatagramChannel asker = DatagramChannel.open().bind(ANY_LOOPBACK)) {
            asker.send(ByteBuffer.wrap("ask".getBytes(StandardCharsets.US_ASCII)), udp.getLocalAddress());
            ByteBuffer question = ByteBuffer.allocate(16);
            InetSocketAddress from = (InetSocketAddress) datagram.channel().receive(question);
            assertThat(from).isEqualTo(asker.getLocalAddress());
            datagram.channel().send(ByteBuffer.wrap("answer".getBytes(StandardCharsets.US_ASCII)), from);
            ByteBuffer answer = ByteBuffer.allocate(16);
            asker.receive(answer);
            assertThat(new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII)).isEqualTo("answer");
        }
        connected.channel().write(ByteBuffer.wrap("15:04:05\n".getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer line = ByteBuffer.allocate(16);
        client.read(line);
        assertThat(new String(line.array(), 0, line.position(), StandardCharsets.US_ASCII)).isEqualTo("15:04:05\n");
    }

    @Test
    void anIpv6SocketKeepsItsFamily() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 0);
        DatagramChannel udp = opened(DatagramChannel.open(StandardProtocolFamily.INET6)).bind(v6);
        HandedOver.Datagram datagram = (HandedOver.Datagram) take(passed(handOver(udp), "ntp")).getFirst();
        assertThat(datagram.local()).isEqualTo(udp.getLocalAddress());
        try (DatagramChannel asker = DatagramChannel.open(StandardProtocolFamily.INET6).bind(v6)) {
            datagram.channel().send(ByteBuffer.wrap(new byte[] {1}), asker.getLocalAddress());
            assertThat(asker.receive(ByteBuffer.allocate(4))).isEqualTo(udp.getLocalAddress());
        }
    }

    @Test
    void aClosedDescriptorIsAOneLineError() {
        // Far above any descriptor this process has open: certainly closed.
        assertThatThrownBy(() -> take(passed(999_999, "stream")))
                .isInstanceOf(UnusableSocketException.class)
                .hasMessage("descriptor 999999 (LISTEN_FDS, named 'stream') is not open: whoever started clock serve said "
                        + "it passed a socket there and did not; start it from a socket unit or systemd-socket-activate, "
                        + "or unset LISTEN_FDS");
    }

    @Test
    void aDescriptorClosedAtStartFoundHoldingTheJvmsOwnFileIsSaidToHaveBeenClosed() {
        // The JVM opens its runtime's files at the lowest free numbers: a closed descriptor 3 is soon its own.
        String modules = Path.of(System.getProperty("java.home"), "lib", "modules").toString();
        assertThatThrownBy(() -> Classifier.shape(SocketFacts.notASocket(3, modules), "descriptor 3"))
                .isInstanceOf(UnusableSocketException.class)
                .hasMessage("descriptor 3 was not open when clock serve started (the JVM has opened its own file there "
                        + "since): start it from a socket unit or systemd-socket-activate, or unset LISTEN_FDS");
    }

    @Test
    void eachIsDescribedForTheLog() throws Exception {
        ServerSocketChannel tcp = opened(ServerSocketChannel.open()).bind(ANY_LOOPBACK);
        DatagramChannel udp = opened(DatagramChannel.open()).bind(ANY_LOOPBACK);
        SocketChannel client = opened(SocketChannel.open(tcp.getLocalAddress()));
        SocketChannel accepted = opened(tcp.accept());
        InetSocketAddress local = (InetSocketAddress) tcp.getLocalAddress();
        InetSocketAddress from = (InetSocketAddress) client.getLocalAddress();
        InetSocketAddress udpLocal = (InetSocketAddress) udp.getLocalAddress();
        assertThat(Handover.describe(new HandedOver.Listening("stream", tcp, local)))
                .isEqualTo("stream, listening TCP on 127.0.0.1:" + local.getPort());
        assertThat(Handover.describe(new HandedOver.Datagram("ntp", udp, udpLocal)))
                .isEqualTo("ntp, UDP on 127.0.0.1:" + udpLocal.getPort());
        assertThat(Handover.describe(new HandedOver.Connected("stream", accepted, local, from)))
                .isEqualTo("stream, one client's TCP connection to 127.0.0.1:" + local.getPort() + " from 127.0.0.1:"
                        + from.getPort());
    }

    @Test
    void aRegularFileIsAnErrorNotIgnored(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-socket"), "x");
        FileInputStream in = opened(new FileInputStream(file.toFile()));
        int fd = descriptorOf(file);
        assertThat(in.available()).isEqualTo(1);
        assertThatThrownBy(() -> take(passed(fd, "http")))
                .isInstanceOf(UnusableSocketException.class)
                .hasMessage("descriptor " + fd + " (LISTEN_FDS, named 'http') is not a socket but a file, " + file.toRealPath()
                        + ": " + HAND_OVER + ", or unset LISTEN_FDS");
    }

    /** The descriptor this process has open on {@code file}, found as lsof would. */
    private static int descriptorOf(Path file) throws IOException {
        Path real = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException e) {
                    return false;
                }
            }).mapToInt(fd -> Integer.parseInt(fd.getFileName().toString())).findFirst().orElseThrow();
        }
    }

    @Test
    void aPipeIsAnError() throws Exception {
        Pipe pipe = Pipe.open();
        opened(pipe.sink());
        opened(pipe.source());
        int fd = natives.descriptorOf(pipe.source());
        assertThatThrownBy(() -> take(passed(fd, "stream")))
                .isInstanceOf(UnusableSocketException.class)
                .hasMessageStartingWith("descriptor " + fd + " (LISTEN_FDS, named 'stream') is not a socket but a pipe: ");
    }

    @Test
    void aUnixDomainSocketIsAnError(@TempDir Path dir) throws Exception {
        ServerSocketChannel unix = opened(ServerSocketChannel.open(StandardProtocolFamily.UNIX))
                .bind(UnixDomainSocketAddress.of(dir.resolve("clock.sock")));
        int fd = natives.descriptorOf(unix);
        assertThatThrownBy(() -> take(passed(fd, "stream")))
                .isInstanceOf(UnusableSocketException.class)
                .hasMessage("descriptor " + fd + " (LISTEN_FDS, named 'stream') is a Unix-domain socket, and clock serves "
                        + "TCP and UDP only: " + HAND_OVER);
    }

    @Test
    void aTcpSocketThatNeitherListensNorIsConnectedIsAnError() throws Exception {
        SocketChannel unconnected = opened(SocketChannel.open()).bind(ANY_LOOPBACK);
        int fd = natives.descriptorOf(unconnected);
        int port = ((InetSocketAddress) unconnected.getLocalAddress()).getPort();
        assertThatThrownBy(() -> take(passed(fd, "stream")))
                .isInstanceOf(UnusableSocketException.class)
                .hasMessage("descriptor " + fd + " (LISTEN_FDS, named 'stream') is a TCP socket that neither listens nor is "
                        + "connected (bound to 127.0.0.1:" + port + "), so no client could ever reach it: " + HAND_OVER);
    }

    @Test
    void oneBadDescriptorTakesNoneOfTheOthers() throws Exception {
        ServerSocketChannel tcp = opened(ServerSocketChannel.open()).bind(ANY_LOOPBACK);
        int good = handOver(tcp);
        try {
            assertThatThrownBy(() -> take(new ListenFds(List.of(new ListenFds.Descriptor(good, "stream"),
                    new ListenFds.Descriptor(999_999, "http")))))
                    .isInstanceOf(UnusableSocketException.class)
                    .hasMessageStartingWith("descriptor 999999 (LISTEN_FDS, named 'http') is not open");
            assertThat(natives.inspect(good).kind()).as("the good one is still open, not taken").isEqualTo(SocketFacts.Kind.TCP);
        } finally {
            // Not taken: close it as its owner would.
            take(passed(good, "stream"));
        }
    }
}
