package dev.clock.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clock.testing.KernelTimestamps;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The kernel's receive timestamps on real loopback sockets, UDP and TCP, IPv4 and IPv6. */
@Timeout(30)
class KernelReceiveTest {
    /** How late a read is made on purpose: a time read then, not the kernel's, would be this late. */
    private static final Duration LATE = Duration.ofMillis(50);
    private final List<AutoCloseable> open = new ArrayList<>();
    /** Linux stamps on arrival only a moment after the first socket asks: see {@link KernelTimestamps}. */
    private static KernelTimestamps stamping;

    @BeforeAll
    static void keepTimestampingOn() throws Exception {
        if (KernelReceive.available().isPresent()) {
            stamping = KernelTimestamps.keepOn();
        }
    }

    @AfterAll
    static void letTimestampingGo() throws IOException {
        if (stamping != null) {
            stamping.close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        open.add(c);
        return c;
    }

    private static KernelReceive kernel() {
        return KernelReceive.available().orElseThrow(() -> new AssertionError(
                "no kernel receive timestamps on " + Runtime.version() + " (see the DEBUG log for why)"));
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Blocks until {@code channel} has something to read, as a server's selector would. */
    private static void awaitReadable(SelectableChannel channel) throws IOException {
        channel.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            assertThat(selector.select(Duration.ofSeconds(5).toMillis())).as("readable within 5 s").isEqualTo(1);
        }
    }

    @Test
    void theyAreAvailableOnAJdkOf22OrNewerWithNativeAccessAndOnlyThen() {
        // The tests run with the flags the jar's manifest gives (pom.xml's argLine); on JDK 21 the
        // release-22 implementation must not even load, and the server falls back quietly.
        assertThat(KernelReceive.available()).as("on %s", Runtime.version())
                .matches(found -> found.isPresent() == (Runtime.version().feature() >= 22));
    }

    @ParameterizedTest(name = "{0}, {1} buffer")
    @CsvSource({"127.0.0.1, direct", "127.0.0.1, heap", "::1, direct", "::1, heap"})
    void aDatagramComesWithTheKernelsReceiveTimeAndItsSource(String host, String buffer) throws Exception {
        InetAddress loopback = InetAddress.getByName(host);
        DatagramChannel server = closing(DatagramChannel.open().bind(new InetSocketAddress(loopback, 0)));
        DatagramChannel client = closing(DatagramChannel.open().bind(new InetSocketAddress(loopback, 0)));
        KernelReceiver receiver = closing(kernel().open(server));
        ByteBuffer into = buffer.equals("direct") ? ByteBuffer.allocateDirect(512) : ByteBuffer.allocate(512);
        into.position(7); // read at the buffer's position, not at 0

        assertThat(receiver.receive(into)).as("nothing sent yet").isEqualTo(KernelReceiver.NOTHING_READY);
        assertThat(into.position()).isEqualTo(7);

        long sent = nowNanos();
        client.send(ByteBuffer.wrap("what time is it".getBytes(StandardCharsets.US_ASCII)), server.getLocalAddress());
        awaitReadable(server);
        Thread.sleep(LATE);
        long read = nowNanos();
        int n = receiver.receive(into);

        assertThat(n).isEqualTo(15);
        assertThat(into.position()).isEqualTo(7 + 15);
        byte[] got = new byte[15];
        into.get(7, got);
        assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("what time is it");
        assertThat(receiver.source()).isEqualTo(client.getLocalAddress());
        long received = receiver.receivedAtNanos();
        assertThat(received).as("received at, against sent at %d and read at %d", sent, read)
                .isGreaterThanOrEqualTo(sent)
                .isLessThanOrEqualTo(read - LATE.toNanos() + Duration.ofMillis(5).toNanos());
        assertThat(receiver.receive(into)).as("one datagram, read once").isEqualTo(KernelReceiver.NOTHING_READY);
        assertThat(receiver.receivedAtNanos()).isEqualTo(KernelReceiver.NO_TIMESTAMP);
        assertThat(receiver.source()).isNull();
    }

    @Test
    void eachDatagramHasItsOwnTimeAndSourceAndALongOneIsCutToTheBuffer() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        DatagramChannel server = closing(DatagramChannel.open().bind(new InetSocketAddress(loopback, 0)));
        DatagramChannel first = closing(DatagramChannel.open().bind(new InetSocketAddress(loopback, 0)));
        DatagramChannel second = closing(DatagramChannel.open().bind(new InetSocketAddress("127.0.0.2", 0)));
        KernelReceiver receiver = closing(kernel().open(server));
        first.send(ByteBuffer.allocate(100), server.getLocalAddress());
        awaitReadable(server);
        Thread.sleep(LATE);
        second.send(ByteBuffer.allocate(0), server.getLocalAddress());
        awaitReadable(server);

        ByteBuffer into = ByteBuffer.allocateDirect(48);
        assertThat(receiver.receive(into)).as("cut to the buffer, as the JDK cuts it").isEqualTo(48);
        long firstAt = receiver.receivedAtNanos();
        assertThat(receiver.source()).isEqualTo(first.getLocalAddress());
        into.clear();
        assertThat(receiver.receive(into)).as("an empty datagram").isZero();
        long secondAt = receiver.receivedAtNanos();
        assertThat(receiver.source()).isEqualTo(second.getLocalAddress());
        assertThat(secondAt - firstAt).as("between the two datagrams' arrivals")
                .isGreaterThanOrEqualTo(LATE.toNanos());
    }

    @Test
    void aSenderSeenAgainIsTheSameAddressNotANewOne() throws Exception {
        InetAddress loopback = InetAddress.getByName("::1");
        DatagramChannel server = closing(DatagramChannel.open().bind(new InetSocketAddress(loopback, 0)));
        DatagramChannel client = closing(DatagramChannel.open().bind(new InetSocketAddress(loopback, 0)));
        KernelReceiver receiver = closing(kernel().open(server));
        ByteBuffer into = ByteBuffer.allocateDirect(64);
        List<InetSocketAddress> sources = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            client.send(ByteBuffer.allocate(48), server.getLocalAddress());
            awaitReadable(server);
            into.clear();
            assertThat(receiver.receive(into)).isEqualTo(48);
            sources.add(receiver.source());
        }
        InetSocketAddress sender = (InetSocketAddress) client.getLocalAddress();
        assertThat(sources).allMatch(s -> s.equals(sender)).allMatch(s -> s == sources.get(0));
    }

    @Test
    void aRefusedDatagramIsAnErrorWithTheKernelsReason() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetSocketAddress nobody;
        try (DatagramChannel gone = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0))) {
            nobody = (InetSocketAddress) gone.getLocalAddress();
        }
        DatagramChannel client = closing(DatagramChannel.open().bind(new InetSocketAddress(loopback, 0)));
        client.connect(nobody);
        KernelReceiver receiver = closing(kernel().open(client));
        client.write(ByteBuffer.allocate(48));
        awaitReadable(client); // the ICMP port unreachable makes the socket readable with an error
        assertThatThrownBy(() -> receiver.receive(ByteBuffer.allocate(64)))
                .isInstanceOf(SocketException.class).hasMessage("Connection refused (recvmsg)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void aStreamsReadsComeWithTheirSegmentsTimeThenItsEnd(String host) throws Exception {
        InetAddress loopback = InetAddress.getByName(host);
        ServerSocketChannel listener = closing(ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0)));
        SocketChannel client = closing(SocketChannel.open(listener.getLocalAddress()));
        SocketChannel accepted = closing(listener.accept());
        KernelReceiver receiver = closing(kernel().open(accepted));
        ByteBuffer into = ByteBuffer.allocate(64);

        assertThat(receiver.receive(into)).as("nothing written yet").isEqualTo(KernelReceiver.NOTHING_READY);
        long sent = nowNanos();
        client.write(ByteBuffer.wrap("12:00:00\n".getBytes(StandardCharsets.US_ASCII)));
        awaitReadable(accepted);
        Thread.sleep(LATE);
        long read = nowNanos();
        assertThat(receiver.receive(into)).isEqualTo(9);
        assertThat(new String(into.array(), 0, 9, StandardCharsets.US_ASCII)).isEqualTo("12:00:00\n");
        assertThat(receiver.source()).isNull();
        assertThat(receiver.receivedAtNanos()).as("received at, against sent at %d and read at %d", sent, read)
                .isGreaterThanOrEqualTo(sent)
                .isLessThanOrEqualTo(read - LATE.toNanos() + Duration.ofMillis(5).toNanos());
        assertThat(receiver.receive(into)).as("all read").isEqualTo(KernelReceiver.NOTHING_READY);

        into.limit(into.position());
        assertThat(receiver.receive(into)).as("no room: nothing read, and not the end").isZero();
        into.limit(into.capacity());

        client.close();
        awaitReadable(accepted);
        assertThat(receiver.receive(into)).isEqualTo(KernelReceiver.END_OF_STREAM);
    }

    @Test
    void theReasonTheyAreUnavailableIsGivenExactlyWhenTheyAre() {
        assertThat(KernelReceive.unavailableReason().isPresent()).as("a reason, on %s", Runtime.version())
                .isEqualTo(KernelReceive.available().isEmpty());
        if (Runtime.version().feature() < 22) {
            assertThat(KernelReceive.unavailableReason()).hasValueSatisfying(r -> r.contains("JDK of 22 or newer"));
        }
    }

    @ParameterizedTest(name = "{0}, {1} buffer")
    @CsvSource({"127.0.0.1, direct", "127.0.0.1, heap", "::1, direct", "::1, heap"})
    void aReplyIsSentNativelyWithItsBytesToTheSenderOrToAnyAddress(String host, String buffer) throws Exception {
        InetAddress loopback = InetAddress.getByName(host);
        DatagramChannel server = closing(DatagramChannel.open().bind(new InetSocketAddress(loopback, 0)));
        DatagramChannel client = closing(DatagramChannel.open().bind(new InetSocketAddress(loopback, 0)));
        DatagramChannel other = closing(DatagramChannel.open().bind(new InetSocketAddress(loopback, 0)));
        KernelReceiver receiver = closing(kernel().open(server));
        client.send(ByteBuffer.wrap("what time is it".getBytes(StandardCharsets.US_ASCII)), server.getLocalAddress());
        awaitReadable(server);
        assertThat(receiver.receive(ByteBuffer.allocateDirect(64))).isEqualTo(15);

        byte[] text = "12:00:00, and 48 bytes make a reply of NTP's size".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer reply = buffer.equals("direct") ? ByteBuffer.allocateDirect(64) : ByteBuffer.allocate(64);
        reply.put(text).flip().position(9); // from the position, to the limit
        assertThat(receiver.send(reply, receiver.source())).as("to the sender, as read").isEqualTo(text.length - 9);
        assertThat(reply.position()).isEqualTo(text.length);
        assertThat(received(client)).isEqualTo(new String(text, 9, text.length - 9, StandardCharsets.US_ASCII));

        InetSocketAddress elsewhere = (InetSocketAddress) other.getLocalAddress();
        for (int i = 0; i < 2; i++) { // the second time, to the address made the first
            reply.position(0);
            assertThat(receiver.send(reply, new InetSocketAddress(elsewhere.getAddress(), elsewhere.getPort())))
                    .isEqualTo(text.length);
            assertThat(received(other)).isEqualTo(new String(text, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void anIpv6SocketSendsToAnIpv4AddressAsTheJdksDo() throws Exception {
        DatagramChannel server = closing(DatagramChannel.open(java.net.StandardProtocolFamily.INET6)
                .bind(new InetSocketAddress(InetAddress.getByName("::"), 0)));
        DatagramChannel client = closing(DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)));
        KernelReceiver receiver = closing(kernel().open(server));
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", ((InetSocketAddress) server.getLocalAddress()).getPort());

        client.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), at);
        awaitReadable(server);
        assertThat(receiver.receive(ByteBuffer.allocate(8))).isEqualTo(3);
        assertThat(receiver.source()).isEqualTo(client.getLocalAddress());
        assertThat(receiver.send(ByteBuffer.wrap("to the mapped sender".getBytes(StandardCharsets.US_ASCII)), receiver.source()))
                .isEqualTo(20);
        assertThat(received(client)).isEqualTo("to the mapped sender");
        InetSocketAddress made = (InetSocketAddress) client.getLocalAddress();
        assertThat(receiver.send(ByteBuffer.wrap("to an IPv4 address".getBytes(StandardCharsets.US_ASCII)),
                new InetSocketAddress(made.getAddress(), made.getPort()))).isEqualTo(18);
        assertThat(received(client)).isEqualTo("to an IPv4 address");
    }

    @Test
    void aSendTheKernelRefusesIsAnErrorWithItsReason() throws Exception {
        DatagramChannel ipv4 = closing(DatagramChannel.open(java.net.StandardProtocolFamily.INET)
                .bind(new InetSocketAddress("127.0.0.1", 0)));
        KernelReceiver receiver = closing(kernel().open(ipv4));
        assertThatThrownBy(() -> receiver.send(ByteBuffer.allocate(48), new InetSocketAddress("::1", 123)))
                .isInstanceOf(SocketException.class).hasMessage("Address family not supported by protocol (sendmsg)");
        assertThatThrownBy(() -> receiver.send(ByteBuffer.allocateDirect(70_000), new InetSocketAddress("127.0.0.1", 123)))
                .isInstanceOf(SocketException.class).hasMessage("Message too long (sendmsg)");
        ipv4.close();
        assertThatThrownBy(() -> receiver.send(ByteBuffer.allocate(48), new InetSocketAddress("127.0.0.1", 123)))
                .isInstanceOf(ClosedChannelException.class);
    }

    /** The one datagram {@code channel} has or will have within 5 s, as text. */
    private static String received(DatagramChannel channel) throws IOException {
        awaitReadable(channel);
        ByteBuffer into = ByteBuffer.allocate(128);
        assertThat(channel.receive(into)).isNotNull();
        return new String(into.array(), 0, into.position(), StandardCharsets.US_ASCII);
    }

    @Test
    void aClosedChannelIsNotRead() throws Exception {
        DatagramChannel server = closing(DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)));
        KernelReceiver receiver = closing(kernel().open(server));
        server.close();
        assertThatThrownBy(() -> receiver.receive(ByteBuffer.allocate(64))).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> kernel().open(server)).isInstanceOf(ClosedChannelException.class);
    }
}
