package dev.clock.ntp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.clock.access.AccessPolicy;
import dev.clock.kernel.KernelReceive;
import dev.clock.net.Refusal;
import dev.clock.net.ServerStats;
import dev.clock.ntp.NtpWire.Reply;
import dev.clock.testing.Await;
import dev.clock.testing.KernelTimestamps;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.commons.net.ntp.NTPUDPClient;
import org.apache.commons.net.ntp.NtpV3Packet;
import org.apache.commons.net.ntp.TimeInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The NTP server on real loopback sockets, asked by Apache Commons Net's client and by hand-made packets. */
@Timeout(60)
class NtpServerTest {
    static final AccessPolicy OPEN = new AccessPolicy(AccessPolicy.Rules.open());
    private static final int LOCL = 0x4C4F434C;
    /**
     * How long to wait for a reply that must not come, once a later request's reply has: the server
     * answers in order on one thread and loopback delivers within the send, so any such reply would
     * already be waiting; this only catches a stray sent after it.
     */
    private static final Duration NO_MORE = Duration.ofMillis(20);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private NtpServer serve(String host, InstantSource clock, NtpConfig config) throws IOException {
        NtpServer server = NtpServer.bind(new InetSocketAddress(InetAddress.getByName(host), 0), clock, config, OPEN);
        open.add(server);
        server.start();
        return server;
    }

    private NtpServer serve(String host, InstantSource clock, NtpConfig config, int port) throws IOException {
        NtpServer server = NtpServer.bind(new InetSocketAddress(InetAddress.getByName(host), port), clock, config, OPEN);
        open.add(server);
        server.start();
        return server;
    }

    private NtpServer serve(String host) throws IOException {
        return serve(host, InstantSource.system(), NtpConfig.DEFAULTS);
    }

    private NtpWire client(String localAddress, NtpServer server) throws IOException {
        NtpWire wire = NtpWire.from(localAddress, server.address());
        open.add(wire);
        return wire;
    }

    static Stream<Arguments> addressesAndVersions() {
        return Stream.of("127.0.0.1", "::1").flatMap(host -> Stream.of(1, 2, 3, 4).map(v -> Arguments.of(host, v)));
    }

    @ParameterizedTest(name = "{0}, NTPv{1}")
    @MethodSource("addressesAndVersions")
    void commonsNetsClientGetsAServerReplyWithItsFourTimestampsInOrder(String host, int version) throws Exception {
        NtpServer server = serve(host);
        NTPUDPClient client = new NTPUDPClient();
        client.setVersion(version);
        client.setDefaultTimeout(Duration.ofSeconds(2));
        client.open();
        TimeInfo info;
        try {
            info = client.getTime(InetAddress.getByName(host), server.address().getPort());
        } finally {
            client.close();
        }
        NtpV3Packet reply = info.getMessage();
        assertThat(reply.getVersion()).isEqualTo(version);
        assertThat(reply.getMode()).isEqualTo(NtpV3Packet.MODE_SERVER);
        assertThat(reply.getStratum()).isEqualTo(10);
        assertThat(reply.getReferenceId()).isEqualTo(LOCL);
        assertThat(reply.getLeapIndicator()).isEqualTo(NtpV3Packet.LI_NO_WARNING);
        assertThat(reply.getPrecision()).isEqualTo(server.precision());

        Instant t1 = NtpWire.instant(reply.getOriginateTimeStamp().ntpValue());
        Instant t2 = NtpWire.instant(reply.getReceiveTimeStamp().ntpValue());
        Instant t3 = NtpWire.instant(reply.getTransmitTimeStamp().ntpValue());
        Instant t4 = Instant.ofEpochMilli(info.getReturnTime());
        assertThat(t1).isBeforeOrEqualTo(t2);
        assertThat(t2).isBeforeOrEqualTo(t3);
        // Commons Net reads its clock in milliseconds: its T4 is cut to the millisecond before.
        assertThat(t3).isBeforeOrEqualTo(t4.plusMillis(1));
        assertThat(Duration.between(t1, t4)).isLessThan(Duration.ofSeconds(1));
    }

    @ParameterizedTest(name = "NTPv{0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void theReplyEchoesVersionPollAndTransmitTimeAndReportsAnHonestLocalClock(int version) throws Exception {
        NtpServer server = serve("127.0.0.1");
        NtpWire wire = client("127.0.0.1", server);
        for (int poll : new int[] {6, 10, 17, 3}) {
            long transmit = NtpWire.randomTimestamp();
            Instant before = Instant.now();
            wire.send(NtpWire.request(version, 3, poll, transmit, 48));
            Reply reply = wire.receive(Duration.ofSeconds(2)).orElseThrow();
            Instant after = Instant.now();

            assertThat(reply.length()).isEqualTo(48);
            assertThat(reply.version()).isEqualTo(version);
            assertThat(reply.mode()).isEqualTo(4);
            assertThat(reply.leap()).isZero();
            assertThat(reply.stratum()).isEqualTo(10);
            assertThat(reply.referenceId()).isEqualTo("LOCL");
            assertThat(reply.poll()).isEqualTo(poll);
            assertThat(reply.origin()).isEqualTo(transmit);
            assertThat(reply.precision()).isEqualTo(server.precision()).isLessThanOrEqualTo(-20);
            assertThat(reply.rootDelay()).isZero();
            // One step of the clock's precision, in 16.16 seconds, and no less than one unit.
            long dispersion = Math.max(1, (long) Math.ceil(Math.pow(2, reply.precision()) * 65536));
            assertThat(reply.rootDispersion()).isEqualTo(dispersion);
            Instant reference = NtpWire.instant(reply.reference());
            Instant receive = NtpWire.instant(reply.receive());
            Instant transmitted = NtpWire.instant(reply.transmit());
            assertThat(reference).isBeforeOrEqualTo(receive);
            assertThat(Duration.between(reference, receive)).isLessThan(Duration.ofSeconds(2));
            assertThat(receive).isAfterOrEqualTo(before.minusNanos(1)).isBeforeOrEqualTo(transmitted);
            assertThat(transmitted).isBeforeOrEqualTo(after);
        }
    }

    /**
     * A poll out of range is not echoed: chronyd raises a short one to its rate limit's interval
     * (here 8 s, 2^3), and RFC 5905's longest poll, 2^17 s, bounds a long one; without a rate
     * limit, chrony's shortest poll, 2^-7 s, is the floor. A Kiss-o'-Death is held to the same range.
     */
    @Test
    void aPollOutOfRangeIsClampedNotEchoed() throws Exception {
        NtpWire wire = client("127.0.0.1", serve("127.0.0.1"));
        Map<Integer, Integer> limited = Map.of(-128, 3, -3, 3, 2, 3, 18, 17, 127, 17);
        for (var asked : limited.entrySet()) {
            wire.send(NtpWire.request(4, 3, asked.getKey(), NtpWire.randomTimestamp(), 48));
            assertThat(wire.receive(Duration.ofSeconds(2)).orElseThrow().poll()).as("reply to poll %d", asked.getKey())
                    .isEqualTo(asked.getValue());
        }

        NtpWire unlimited = client("127.0.0.2", serve("127.0.0.1", InstantSource.system(), NtpConfig.DEFAULTS.withoutRateLimit()));
        for (var asked : Map.of(-128, -7, -3, -3, 127, 17).entrySet()) {
            unlimited.send(NtpWire.request(4, 3, asked.getKey(), NtpWire.randomTimestamp(), 48));
            assertThat(unlimited.receive(Duration.ofSeconds(2)).orElseThrow().poll()).as("unlimited reply to poll %d", asked.getKey())
                    .isEqualTo(asked.getValue());
        }
    }

    @Test
    void aKissOfDeathsPollIsClampedToo() {
        ByteBuffer request = ByteBuffer.wrap(NtpWire.request(4, 3, 127, NtpWire.randomTimestamp(), 48));
        ByteBuffer reply = ByteBuffer.allocate(NtpPacket.HEADER_LENGTH);
        NtpPacket.rateKiss(request, reply, -20, 3);
        assertThat(reply.get(2)).isEqualTo((byte) 17);
        request.put(2, (byte) -128);
        NtpPacket.rateKiss(request, reply, -20, 3);
        assertThat(reply.get(2)).isEqualTo((byte) 3);
    }

    /**
     * A request waits in the socket, unread, until the server starts: the kernel's receive time is
     * when it arrived, as chronyd takes it; the clock's would be when the server took it, late by
     * the wait (and in serving, by the thread's wake-up: chronyd saw that as a +17 µs offset).
     */
    @Test
    void theReceiveTimeIsWhenTheKernelHadTheRequestNotWhenTheServerTookIt() throws Exception {
        boolean kernel = KernelReceive.available().isPresent();
        if (kernel) {
            open.add(KernelTimestamps.keepOn());
        }
        NtpServer server = NtpServer.bind(new InetSocketAddress("127.0.0.1", 0), InstantSource.system(), NtpConfig.DEFAULTS, OPEN);
        open.add(server);
        NtpWire wire = client("127.0.0.1", server);
        Instant sent = Instant.now();
        wire.send(NtpWire.clientRequest(4, NtpWire.randomTimestamp()));
        Duration unread = Duration.ofMillis(200);
        Thread.sleep(unread);
        Instant started = Instant.now();
        server.start();
        Reply reply = wire.receive(Duration.ofSeconds(2)).orElseThrow();
        Instant receive = NtpWire.instant(reply.receive());
        Instant transmit = NtpWire.instant(reply.transmit());

        assertThat(server.description()).endsWith(kernel ? ", kernel receive timestamps" : "per address");
        if (kernel) {
            assertThat(receive).as("received at, sent at %s", sent)
                    .isAfterOrEqualTo(sent).isBefore(sent.plus(unread.dividedBy(4)));
            assertThat(Duration.between(receive, transmit)).isGreaterThanOrEqualTo(unread.minusMillis(1));
        } else {
            // A JDK of 21: the clock, read when the server took the request.
            assertThat(receive).isAfterOrEqualTo(started).isBeforeOrEqualTo(transmit);
        }
    }

    @Test
    void aServerOfAnotherClockStampsWithThatClockNotTheKernels() throws Exception {
        Instant fixed = Instant.parse("2030-01-02T03:04:05.123456789Z");
        NtpServer server = serve("127.0.0.1", Clock.fixed(fixed, java.time.ZoneOffset.UTC), NtpConfig.DEFAULTS);
        Reply reply = client("127.0.0.1", server).ask(4, NtpWire.randomTimestamp());
        // NTP's fraction is 2^-32 s: back to nanoseconds, within one.
        assertThat(NtpWire.instant(reply.receive())).isBetween(fixed.minusNanos(1), fixed.plusNanos(1));
        assertThat(NtpWire.instant(reply.transmit())).isBetween(fixed.minusNanos(1), fixed.plusNanos(1));
        assertThat(server.description()).doesNotContain("kernel");
    }

    @Test
    void theTimestampsHaveTheClocksFullResolutionNotMilliseconds() throws Exception {
        NtpServer server = serve("127.0.0.1");
        NtpWire wire = client("127.0.0.1", server);
        List<Long> receives = new ArrayList<>();
        List<Long> transmits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Reply reply = wire.ask(4, NtpWire.randomTimestamp());
            receives.add(fromNearestMillisecond(reply.receive()));
            transmits.add(fromNearestMillisecond(reply.transmit()));
        }
        // A timestamp cut to the millisecond is within a nanosecond of one (NTP's fraction rounds);
        // five in a row within 2 µs of one by chance are as good as impossible.
        assertThat(receives).anyMatch(nanos -> nanos > 2_000);
        assertThat(transmits).anyMatch(nanos -> nanos > 2_000);
    }

    private static long fromNearestMillisecond(long ntp) {
        long intoMillisecond = NtpWire.instant(ntp).getNano() % 1_000_000;
        return Math.min(intoMillisecond, 1_000_000 - intoMillisecond);
    }

    @Test
    void aClockWithCoarseStepsIsReportedWithThatPrecision() throws Exception {
        NtpServer server = serve("127.0.0.1", Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)), NtpConfig.DEFAULTS);
        Reply reply = client("127.0.0.1", server).ask(4, NtpWire.randomTimestamp());
        assertThat(reply.precision()).isEqualTo(-9);
        assertThat(reply.rootDispersion()).isEqualTo(128); // 2^-9 s in 16.16
    }

    @Test
    void theStratumIsTheConfiguredOne() throws Exception {
        NtpServer server = serve("127.0.0.1", InstantSource.system(), NtpConfig.DEFAULTS.withStratum(3));
        Reply reply = client("127.0.0.1", server).ask(4, NtpWire.randomTimestamp());
        assertThat(reply.stratum()).isEqualTo(3);
        assertThat(reply.referenceId()).isEqualTo("LOCL");
    }

    @ParameterizedTest
    @ValueSource(ints = {48 + 20, 48 + 16 + 24, 500, 1000})
    void aLongerRequestWithExtensionFieldsOrAMacGetsA48ByteReply(int length) throws Exception {
        NtpServer server = serve("127.0.0.1");
        NtpWire wire = client("127.0.0.1", server);
        long transmit = NtpWire.randomTimestamp();
        wire.send(NtpWire.request(4, 3, 6, transmit, length));
        Reply reply = wire.receive(Duration.ofSeconds(2)).orElseThrow();
        assertThat(reply.length()).isEqualTo(48);
        assertThat(reply.origin()).isEqualTo(transmit);
    }

    static Stream<Arguments> packetsThatGetNoReply() {
        byte[] monlist = {0x17, 0x00, 0x03, 0x2a, 0, 0, 0, 0};
        byte[] monlistPadded = Arrays.copyOf(monlist, 48);
        byte[] ntpqReadvar = {0x16, 0x02, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
        return Stream.of(
                Arguments.of("mode 6, ntpq's readvar", ntpqReadvar, NtpDrop.CONTROL),
                Arguments.of("mode 6, 48 bytes", NtpWire.request(2, 6, 0, 0, 48), NtpDrop.CONTROL),
                Arguments.of("mode 7, monlist", monlist, NtpDrop.PRIVATE),
                Arguments.of("mode 7, monlist padded to 48 bytes", monlistPadded, NtpDrop.PRIVATE),
                Arguments.of("a 20-byte client request", NtpWire.request(4, 3, 6, 0, 20), NtpDrop.TOO_SHORT),
                Arguments.of("an empty datagram", new byte[0], NtpDrop.TOO_SHORT),
                Arguments.of("mode 1, symmetric active", NtpWire.request(4, 1, 6, 1, 48), NtpDrop.NOT_A_REQUEST),
                Arguments.of("mode 2, symmetric passive", NtpWire.request(4, 2, 6, 1, 48), NtpDrop.NOT_A_REQUEST),
                Arguments.of("mode 4, a server's reply", NtpWire.request(4, 4, 6, 1, 48), NtpDrop.NOT_A_REQUEST),
                Arguments.of("mode 5, broadcast", NtpWire.request(4, 5, 6, 1, 48), NtpDrop.NOT_A_REQUEST),
                Arguments.of("version 0", NtpWire.request(0, 3, 6, 1, 48), NtpDrop.BAD_VERSION),
                Arguments.of("version 5", NtpWire.request(5, 3, 6, 1, 48), NtpDrop.BAD_VERSION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packetsThatGetNoReply")
    void aPacketThatIsNotAClientRequestIsDroppedWithoutAWord(String what, byte[] packet, NtpDrop reason) throws Exception {
        NtpServer server = serve("127.0.0.1");
        NtpWire wire = client("127.0.0.1", server);
        wire.send(packet);
        // Served in order by one thread: the first reply to come back must be the next request's.
        long transmit = NtpWire.randomTimestamp();
        Reply reply = wire.ask(4, transmit);
        assertThat(reply.origin()).as("the first reply answers the valid request, not the %s", what).isEqualTo(transmit);
        assertThat(wire.receive(NO_MORE)).isEmpty();
        assertThat(server.droppedCount(reason)).isEqualTo(1);
        assertThat(server.stats().acceptedCount()).isEqualTo(2);
        assertThat(server.stats().lineCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 19, 53, 1023})
    void aRequestFromAWellKnownServicePortGetsNoReply(int port) throws Exception {
        NtpServer server = serve("127.0.0.1");
        NtpWire service = bindOrAbort(new InetSocketAddress("127.0.0.1", port), server);
        service.send(NtpWire.clientRequest(4, NtpWire.randomTimestamp()));
        client("127.0.0.1", server).ask(4, NtpWire.randomTimestamp()); // served after it
        assertThat(service.receive(NO_MORE)).isEmpty();
        assertThat(server.droppedCount(NtpDrop.SOURCE_PORT)).isEqualTo(1);
    }

    @Test
    void aRequestFromPort123IsAnsweredAsNtpdsClientsSendThem() throws Exception {
        NtpServer server = serve("127.0.0.1");
        NtpWire ntpd = bindOrAbort(new InetSocketAddress("127.0.0.1", 123), server);
        long transmit = NtpWire.randomTimestamp();
        assertThat(ntpd.ask(4, transmit).origin()).isEqualTo(transmit);
    }

    private NtpWire bindOrAbort(InetSocketAddress local, NtpServer server) throws IOException {
        try {
            NtpWire wire = new NtpWire(local, server.address());
            open.add(wire);
            return wire;
        } catch (BindException e) {
            // Ports below 1024 need root, as CI has; a local run without it cannot send from one.
            return abort("cannot send from " + local + " (" + e.getMessage() + "): run as root");
        }
    }

    @Test
    void oneSourceFloodingIsLimitedWhileAnotherKeepsBeingAnswered() throws Exception {
        Duration interval = Duration.ofMillis(50);
        int burst = 4;
        NtpServer server = serve("127.0.0.1", InstantSource.system(), new NtpConfig(10, interval, burst, 4, 4096));
        InetSocketAddress to = server.address();

        DatagramChannel flooder = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        open.add(flooder);
        flooder.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        AtomicInteger floodTimeReplies = new AtomicInteger();
        AtomicInteger floodKisses = new AtomicInteger();
        AtomicReference<Reply> aKiss = new AtomicReference<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            ByteBuffer in = ByteBuffer.allocate(512);
            try {
                while (true) {
                    in.clear();
                    flooder.receive(in);
                    Reply r = Reply.parse(in.array(), in.position());
                    if (r.isRateKiss()) {
                        floodKisses.incrementAndGet();
                        aKiss.set(r);
                    } else {
                        floodTimeReplies.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // closed at the end of the test
            }
        });
        long floodTransmit = NtpWire.randomTimestamp();
        int floodRequests = 1_000;
        long start = System.nanoTime();
        Thread flood = Thread.ofVirtual().start(() -> {
            ByteBuffer request = ByteBuffer.wrap(NtpWire.clientRequest(4, floodTransmit));
            try {
                for (int i = 0; i < floodRequests; i++) {
                    flooder.send(request.rewind(), to);
                    if (i % 50 == 49) {
                        Thread.sleep(25); // 1,000 in about half a second, in 20 bursts of 50
                    }
                }
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        });

        NtpWire steady = client("127.0.0.2", server);
        for (int i = 0; i < 10; i++) {
            long transmit = NtpWire.randomTimestamp();
            Reply reply = steady.ask(4, transmit);
            assertThat(reply.isRateKiss()).as("request %d of the steady client", i + 1).isFalse();
            assertThat(reply.origin()).isEqualTo(transmit);
            Thread.sleep(interval); // its pace: once an interval
        }
        flood.join();
        // Served in order: once this is answered, every request of the flood has been handled.
        client("127.0.0.3", server).ask(4, NtpWire.randomTimestamp());
        Duration flooding = Duration.ofNanos(System.nanoTime() - start);
        Await.until(() -> floodKisses.get() > 0, Duration.ofSeconds(5));

        ServerStats stats = server.stats();
        // Every datagram was taken (accepted counts it first); a reply is counted just after it is
        // sent, so wait until each taken datagram has its outcome counted before reading them.
        Await.until(() -> stats.acceptedCount() == stats.lineCount() + server.kissOfDeathCount()
                + server.droppedCount(NtpDrop.RATE_LIMITED) + stats.writeErrorCount(), Duration.ofSeconds(5));
        long floodAnswered = stats.lineCount() - 11;
        long mostAllowed = burst + flooding.toNanos() / interval.toNanos() + 1;
        assertThat(floodAnswered).as("time replies to the flood over %s", flooding).isBetween(1L, mostAllowed);
        long dropped = server.droppedCount(NtpDrop.RATE_LIMITED);
        long kisses = server.kissOfDeathCount();
        assertThat(stats.acceptedCount()).isGreaterThan(floodRequests * 9L / 10);
        assertThat(kisses).isPositive();
        assertThat(dropped).as("most are dropped, some get a KoD").isGreaterThan(2 * kisses);
        assertThat(stats.refusedCount(Refusal.RATE_LIMITED)).isEqualTo(dropped + kisses);

        Reply kiss = aKiss.get();
        assertThat(kiss.length()).isEqualTo(48);
        assertThat(kiss.mode()).isEqualTo(4);
        assertThat(kiss.leap()).isEqualTo(3);
        assertThat(kiss.stratum()).isZero();
        assertThat(kiss.referenceId()).isEqualTo("RATE");
        assertThat(kiss.origin()).isEqualTo(floodTransmit);
        assertThat(kiss.receive()).isEqualTo(floodTransmit);
        assertThat(kiss.transmit()).as("a KoD carries no time to set a clock by").isEqualTo(floodTransmit);
        assertThat(kiss.poll()).isGreaterThanOrEqualTo(6);

        Await.until(() -> floodTimeReplies.get() == floodAnswered && floodKisses.get() == kisses, Duration.ofSeconds(5));
        flooder.close();
        reader.join();
    }

    /** Waits until the server has taken no datagram for 100 ms: it has handled what reached it. */
    private static void awaitQuiet(NtpServer server) throws InterruptedException {
        long seen = -1;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos(); System.nanoTime() < deadline; ) {
            long now = server.stats().acceptedCount();
            if (now == seen) {
                return;
            }
            seen = now;
            Thread.sleep(100);
        }
        throw new AssertionError("the server kept taking datagrams for 10 s");
    }

    @Test
    void aFloodFromManyAddressesLeavesTheRateTableBounded() throws Exception {
        int table = 200;
        NtpServer server = serve("127.0.0.1", InstantSource.system(), new NtpConfig(10, Duration.ofSeconds(8), 8, 4, table));
        ByteBuffer request = ByteBuffer.wrap(NtpWire.clientRequest(4, 1));
        int sources = 2_000;
        long start = System.nanoTime();
        for (int i = 0; i < sources; i++) {
            InetAddress source = InetAddress.getByAddress(new byte[] {127, 1, (byte) (i >> 8), (byte) i});
            try (DatagramChannel one = DatagramChannel.open()) {
                one.bind(new InetSocketAddress(source, 0)).send(request.rewind(), server.address());
            }
            if (i % 500 == 499) {
                awaitQuiet(server); // the kernel may drop a few on a busy machine: wait for what it delivered
                assertThat(server.rateTableSize()).isLessThanOrEqualTo(table);
            }
        }
        awaitQuiet(server);
        assertThat(server.stats().lineCount()).as("answered, of %d sources", sources).isGreaterThan(sources * 9L / 10);
        System.out.printf("ntp: %,d source addresses in %d ms%n", sources, (System.nanoTime() - start) / 1_000_000);
        assertThat(server.rateTableSize()).isEqualTo(table);
        assertThat(client("127.0.0.2", server).ask(4, 7).origin()).isEqualTo(7);
        assertThat(server.rateTableSize()).isEqualTo(table);
    }

    @Test
    void itIsAListenerThatStopsOnCloseOnceOrTwice() throws Exception {
        NtpServer server = serve("127.0.0.1");
        assertThat(server.protocol()).isEqualTo("ntp");
        assertThat(server.address().getPort()).isPositive();
        assertThat(server.connected()).isZero();
        assertThat(server.description()).isEqualTo("udp, stratum 10 LOCL, 8 at once, then 1 every 8s per address"
                + (KernelReceive.available().isPresent() ? ", kernel receive timestamps" : ""));
        NtpWire wire = client("127.0.0.1", server);
        wire.ask(4, 1);
        String thread = "clock-ntp-" + server.address().getPort();
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals(thread));
        server.close();
        server.close();
        Await.until(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals(thread)),
                Duration.ofSeconds(5));
        wire.send(NtpWire.clientRequest(4, 2));
        assertThat(wire.receive(Duration.ofMillis(200))).isEmpty();
    }

    /** With the kernel's timestamps the JDK lets go of the port only at the serving thread's next select. */
    @ParameterizedTest(name = "started: {0}")
    @ValueSource(booleans = {true, false})
    void itsPortIsFreeOnceCloseReturnsWhetherItServedOrNot(boolean started) throws Exception {
        NtpServer server = started ? serve("127.0.0.1") : NtpServer.bind(new InetSocketAddress("127.0.0.1", 0),
                InstantSource.system(), NtpConfig.DEFAULTS, OPEN);
        if (started) {
            client("127.0.0.1", server).ask(4, 1);
        }
        server.close();
        NtpServer again = serve("127.0.0.1", InstantSource.system(), NtpConfig.DEFAULTS, server.address().getPort());
        assertThat(client("127.0.0.1", again).ask(4, 2).origin()).isEqualTo(2);
    }

    @Test
    void aTakenPortFailsWhenBound() throws Exception {
        NtpServer server = serve("127.0.0.1");
        assertThatThrownBy(() -> NtpServer.bind(server.address(), InstantSource.system(), NtpConfig.DEFAULTS, OPEN))
                .isInstanceOf(BindException.class);
    }
    @Test
    void aClientTheAccessListsDenyGetsNoReplyAndIsCountedAsRefused() throws Exception {
        AccessPolicy denying = new AccessPolicy(new AccessPolicy.Rules(List.of(), List.of(dev.clock.access.Cidr.parse("127.0.0.2")),
                10, Double.POSITIVE_INFINITY, 1, Double.POSITIVE_INFINITY, 1));
        NtpServer server = NtpServer.bind(new InetSocketAddress("127.0.0.1", 0), InstantSource.system(), NtpConfig.DEFAULTS, denying);
        open.add(server);
        server.start();
        NtpWire denied = client("127.0.0.2", server);
        denied.send(NtpWire.clientRequest(4, NtpWire.randomTimestamp()));
        assertThat(client("127.0.0.3", server).ask(4, 5).origin()).isEqualTo(5); // served after it
        assertThat(denied.receive(NO_MORE)).isEmpty();
        assertThat(server.stats().refusedCount(Refusal.DENIED)).isEqualTo(1);
        assertThat(server.stats().lineCount()).isEqualTo(1);
    }

    /** Every other datagram door of the process leaves the server's own address and port unanswered, while it is open. */
    @Test
    void itsAddressIsItsPolicysOwnUntilItCloses() throws Exception {
        AccessPolicy policy = new AccessPolicy(AccessPolicy.Rules.open());
        NtpConfig config = NtpConfig.DEFAULTS.withStratum(4);
        NtpServer server = NtpServer.bind(new InetSocketAddress("127.0.0.1", 0), InstantSource.system(), config, policy);
        open.add(server);
        assertThat(server.config()).isSameAs(config);
        assertThat(policy.loopGuard().risk(server.address())).isEqualTo(dev.clock.access.LoopGuard.Risk.OWN);
        server.close();
        assertThat(policy.loopGuard().risk(server.address())).isEqualTo(dev.clock.access.LoopGuard.Risk.NONE);
    }

    /** The kernel stamps by the system's clock, and so does a Clock.system of any zone: only the zone differs. */
    @Test
    void aServerOfTheSystemClockInAnyZoneTakesTheKernelsReceiveTime() throws Exception {
        if (KernelReceive.available().isEmpty()) {
            abort("no kernel receive timestamps on this JVM");
        }
        for (Clock clock : List.of(Clock.systemUTC(), Clock.system(java.time.ZoneId.of("Asia/Tokyo")))) {
            assertThat(serve("127.0.0.1", clock, NtpConfig.DEFAULTS).description()).as("%s", clock)
                    .endsWith(", kernel receive timestamps");
        }
    }

    /** An interrupt that comes while close waits for the serving thread is kept for the caller to see. */
    @Test
    void closeKeepsItsCallersInterrupt() throws Exception {
        NtpServer server = serve("127.0.0.1");
        client("127.0.0.1", server).ask(4, 1);
        Thread.currentThread().interrupt();
        try {
            server.close();
        } finally {
            assertThat(Thread.interrupted()).as("still interrupted").isTrue();
        }
    }

    /** Descriptors of this JVM, where /proc tells them (Linux). */
    private static long openDescriptors() throws IOException {
        try (Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** Servers come and go with the doors of a running process: none may leave a descriptor behind. */
    @Test
    void aServerLeavesNoDescriptorOpenWhetherItServedNeverStartedOrFailedToBind() throws Exception {
        if (!java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/fd"))) {
            abort("no /proc/self/fd to count descriptors in");
        }
        NtpServer warm = serve("127.0.0.1"); // the JDK's own first-use descriptors, opened before counting
        client("127.0.0.1", warm).ask(4, 1);
        long before = openDescriptors();
        int rounds = 5;
        for (int i = 0; i < rounds; i++) {
            NtpServer served = serve("127.0.0.1");
            try (NtpWire wire = NtpWire.from("127.0.0.1", served.address())) {
                wire.ask(4, 1);
            }
            served.close();
            NtpServer.bind(new InetSocketAddress("127.0.0.1", 0), InstantSource.system(), NtpConfig.DEFAULTS, OPEN).close();
        }
        int failures = 20;
        InstantSource broken = () -> {
            throw new IllegalStateException("a clock that cannot be read");
        };
        for (int i = 0; i < failures; i++) {
            assertThatThrownBy(() -> NtpServer.bind(warm.address(), InstantSource.system(), NtpConfig.DEFAULTS, OPEN))
                    .isInstanceOf(BindException.class);
            // Bound, then failing as it is set up: the socket is closed all the same.
            assertThatThrownBy(() -> NtpServer.bind(new InetSocketAddress("127.0.0.1", 0), broken, NtpConfig.DEFAULTS, OPEN))
                    .hasMessage("a clock that cannot be read");
        }
        // A little slack for the JDK's own, which a leak of one per server or per failure exceeds.
        assertThat(openDescriptors()).as("descriptors after %d servers and %d failed binds", 2 * rounds, 2 * failures)
                .isLessThan(before + rounds);
    }
    /** A server of another clock sends through the JDK, not the kernel: its replies are counted as written all the same. */
    @Test
    void aServerOfAnotherClockCountsEachReplyItWrites() throws Exception {
        NtpServer server = serve("127.0.0.1", Clock.offset(Clock.systemUTC(), Duration.ofHours(1)), NtpConfig.DEFAULTS);
        NtpWire wire = client("127.0.0.1", server);
        for (int i = 0; i < 3; i++) {
            assertThat(wire.ask(4, i).origin()).isEqualTo(i);
        }
        // Counted just after the send, which the client may see first.
        Await.until(() -> server.stats().lineCount() == 3, Duration.ofSeconds(2));
        assertThat(server.stats().writeErrorCount()).isZero();
    }
    /**
     * Close waits for a serving thread busy with a request: the port and the thread are let go of
     * only then. The server's clock holds the thread while the test looks.
     */
    @Test
    void closeWaitsForTheServingThreadToFinishWhatItIsDoing() throws Exception {
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch goOn = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean hold = new java.util.concurrent.atomic.AtomicBoolean();
        InstantSource held = () -> {
            if (hold.get()) {
                reading.countDown();
                try {
                    goOn.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Instant.now();
        };
        NtpServer server = serve("127.0.0.1", held, NtpConfig.DEFAULTS);
        hold.set(true);
        client("127.0.0.1", server).send(NtpWire.clientRequest(4, 1));
        assertThat(reading.await(5, java.util.concurrent.TimeUnit.SECONDS)).as("the serving thread reads the clock").isTrue();
        Thread closer = Thread.ofPlatform().start(server::close);
        try {
            closer.join(Duration.ofMillis(100));
            assertThat(closer.isAlive()).as("close returned while the serving thread was busy").isTrue();
        } finally {
            goOn.countDown();
        }
        assertThat(closer.join(Duration.ofSeconds(5))).isTrue();
    }
    /** The metrics export a series for what the server can count, and none that could never move. */
    @Test
    void itCountsOnlyRefusalsForADeniedAddressOrARateAndHoldsNoClients() throws Exception {
        NtpServer server = NtpServer.bind(new InetSocketAddress("127.0.0.1", 0), InstantSource.system(), NtpConfig.DEFAULTS, OPEN);
        open.add(server);
        dev.clock.net.Counts counts = server.counts();
        assertThat(counts.refusals()).containsExactlyInAnyOrder(Refusal.DENIED, Refusal.RATE_LIMITED);
        assertThat(List.of(counts.clients(), counts.stalls(), counts.acceptFailures(), counts.ticks())).containsOnly(false);
    }
}
