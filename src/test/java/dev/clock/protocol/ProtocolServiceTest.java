package dev.clock.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clock.access.AccessPolicy;
import dev.clock.access.Cidr;
import dev.clock.access.Gcra;
import dev.clock.access.LoopGuard;
import dev.clock.access.RateLimit;
import dev.clock.net.Refusal;
import dev.clock.net.ServerStats;
import dev.clock.net.Sockets;
import dev.clock.ntp.NtpConfig;
import dev.clock.ntp.NtpServer;
import dev.clock.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Daytime and Time served in this JVM, over real loopback sockets. */
@Timeout(30)
class ProtocolServiceTest {
    private static final InetAddress SERVER = InetAddress.getLoopbackAddress();
    /** Also loopback: a test socket can have a service's port number here while the service holds it on 127.0.0.1. */
    private static final InetAddress ELSEWHERE = address(127, 0, 0, 2);
    private static final Instant NOW = Instant.parse("2026-07-06T12:00:05Z");
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);

    private final InstantSource clock = InstantSource.fixed(NOW);
    /** Its own for each test: the doors a test opens register their ports with its loop guard. */
    private final AccessPolicy access = new AccessPolicy(AccessPolicy.Rules.open());
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @Test
    void aDatagramFromAnotherOfOurServicesPortsGetsNoReply() throws Exception {
        ProtocolService daytime = serve("daytime", DaytimeProtocol.of(DaytimeProtocol.RFC867, ZoneOffset.UTC)::encode);
        ProtocolService time = serve("time", TimeProtocol::encode);

        // Each as if from the other: a reply would be answered in turn, and so on for ever.
        try (DatagramSocket fromTime = bindUdp(new InetSocketAddress(ELSEWHERE, time.address().getPort()))) {
            assertUnanswered(fromTime, daytime);
        }
        try (DatagramSocket fromDaytime = bindUdp(new InetSocketAddress(ELSEWHERE, daytime.address().getPort()))) {
            assertUnanswered(fromDaytime, time);
        }
        assertThat(daytime.stats().refusedCount(Refusal.SOURCE_PORT)).isOne();
        assertThat(time.stats().refusedCount(Refusal.SOURCE_PORT)).isOne();
        // Taken from the kernel, then dropped: accepted, the ordinary client and the forged one.
        assertThat(daytime.stats().acceptedCount()).isEqualTo(2);
        assertThat(daytime.stats().lineCount()).isOne();
    }

    @Test
    void aDatagramFromAWellKnownServicePortGetsNoReply() throws Exception {
        ProtocolService daytime = serve("daytime", DaytimeProtocol.of(DaytimeProtocol.RFC867, ZoneOffset.UTC)::encode);
        int[] servicePorts = {7, 13, 19, 37, 1023}; // echo, daytime, chargen, time, the last below 1024
        for (int port : servicePorts) {
            try (DatagramSocket service = bindUdp(new InetSocketAddress(ELSEWHERE, port))) {
                assertUnanswered(service, daytime);
            }
        }
        assertThat(daytime.stats().refusedCount(Refusal.SOURCE_PORT)).isEqualTo(servicePorts.length);
    }

    @Test
    void everyDatagramTakenFromTheKernelIsAcceptedWhetherAnsweredOrNot() throws Exception {
        ServerStats stats = new ServerStats();
        DatagramChannel channel = Sockets.datagram(new InetSocketAddress(SERVER, 0), ProtocolService.UDP);
        // Time stands still: two replies, then none.
        UdpResponder responder = new UdpResponder(channel, TimeProtocol::encode, clock, stats, new RateLimit(Gcra.perSecond(2, 2), () -> 0L), access, "time");
        open.add(responder);
        Thread.ofVirtual().start(responder::serve);
        InetSocketAddress server = (InetSocketAddress) channel.getLocalAddress();

        try (DatagramSocket client = bindUdp(new InetSocketAddress(SERVER, 0));
             DatagramSocket fromTime = bindUdp(new InetSocketAddress(ELSEWHERE, 37))) {
            send(fromTime, server);
            for (int i = 0; i < 5; i++) {
                send(client, server);
            }
            Await.until(() -> stats.acceptedCount() == 6, REPLY_TIMEOUT);
            assertThat(stats.refusedCount(Refusal.RATE_LIMITED)).isEqualTo(3);
            assertThat(stats.lineCount()).isEqualTo(2);
            assertThat(stats.refusedCount(Refusal.SOURCE_PORT)).isOne();
            assertThat(receive(client)).isNotNull();
            assertThat(receive(client)).isNotNull();
            assertThat(receive(client, Duration.ofMillis(1))).as("the replies were sent before the count").isNull();
        }
    }

    @Test
    void isBoundWhenMadeServesFromStartAndClosesOnce() throws Exception {
        ProtocolService time = ProtocolService.bind("time", "RFC 868", SERVER, 0, TimeProtocol::encode, clock, access);
        open.add(time);
        int port = time.address().getPort();
        assertThat(port).isPositive();
        assertThat(time.protocol()).isEqualTo("time");
        assertThat(time.description()).isEqualTo("tcp and udp, RFC 868");
        assertThat(time.connected()).isZero();
        assertThat(access.loopGuard().risk(new InetSocketAddress(ELSEWHERE, port))).as("its port is one of ours")
                .isEqualTo(LoopGuard.Risk.SERVICE_PORT);

        try (DatagramSocket client = bindUdp(new InetSocketAddress(SERVER, 0))) {
            send(client, time.address()); // bound: the kernel keeps it until the service serves
            assertThat(receive(client, Duration.ofMillis(1))).as("no reply before start()").isNull();
            time.start();
            time.start();
            assertThat(receive(client)).isEqualTo(TimeProtocol.encode(NOW).array());
        }
        try (Socket tcp = new Socket(SERVER, port); InputStream in = tcp.getInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(TimeProtocol.encode(NOW).array());
        }
        assertThat(time.stats().acceptedCount()).isEqualTo(2);
        assertThat(time.stats().lineCount()).isEqualTo(2);

        time.close();
        time.close();
        assertThatThrownBy(() -> new Socket(SERVER, port).close()).isInstanceOf(ConnectException.class);
    }

    private ProtocolService serve(String name, Responder responder) throws IOException {
        ProtocolService service = ProtocolService.bind(name, "RFC", SERVER, 0, responder, clock, access);
        open.add(service);
        service.start();
        return service;
    }

    /**
     * Sends from {@code from}, then from an ordinary client, which must be answered. One thread
     * answers in order, and loopback delivers within the send: once the client has its reply, a
     * reply to {@code from} would be waiting.
     */
    private void assertUnanswered(DatagramSocket from, ProtocolService service) throws IOException {
        send(from, service.address());
        try (DatagramSocket client = bindUdp(new InetSocketAddress(SERVER, 0))) {
            send(client, service.address());
            assertThat(receive(client)).as("an ordinary client's reply").isNotNull();
        }
        assertThat(receive(from, Duration.ofMillis(1))).as("a reply to port " + from.getLocalPort()).isNull();
    }

    private static DatagramSocket bindUdp(InetSocketAddress address) throws IOException {
        try {
            return new DatagramSocket(address);
        } catch (BindException e) {
            assumeTrue(address.getPort() >= 1024 || !e.getMessage().contains("ermission"),
                    "sending from port " + address.getPort() + " needs root or CAP_NET_BIND_SERVICE");
            throw e;
        }
    }

    private static void send(DatagramSocket from, InetSocketAddress to) throws IOException {
        from.send(new DatagramPacket(new byte[] {'\n'}, 1, to));
    }

    private static byte[] receive(DatagramSocket socket) throws IOException {
        byte[] reply = receive(socket, REPLY_TIMEOUT);
        assertThat(reply).as("a reply within " + REPLY_TIMEOUT).isNotNull();
        return reply;
    }

    /** The next datagram, or null if none came within {@code timeout}. */
    private static byte[] receive(DatagramSocket socket, Duration timeout) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[512], 512);
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    private static InetAddress address(int... bytes) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) bytes[0], (byte) bytes[1], (byte) bytes[2], (byte) bytes[3]});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aDatagramFromOurNtpDoorsPortGetsNoReplyForEveryUdpDoorRegistersWithOneGuard() throws Exception {
        ProtocolService daytime = serve("daytime", DaytimeProtocol.of(DaytimeProtocol.RFC867, ZoneOffset.UTC)::encode);
        NtpServer ntp = NtpServer.bind(new InetSocketAddress(SERVER, 0), clock, NtpConfig.DEFAULTS, access);
        open.add(ntp);
        try (DatagramSocket fromNtp = bindUdp(new InetSocketAddress(ELSEWHERE, ntp.address().getPort()))) {
            assertUnanswered(fromNtp, daytime);
        }
        assertThat(daytime.stats().refusedCount(Refusal.SOURCE_PORT)).isOne();
        ntp.close();
        assertThat(access.loopGuard().risk(new InetSocketAddress(ELSEWHERE, ntp.address().getPort())))
                .as("a closed door's port is a client's again").isEqualTo(LoopGuard.Risk.NONE);
    }

    @Test
    void aFloodFromHundredsOfSourcesLogsTwentyLinesAndThenOneSummaryAMinute() throws Exception {
        // Spoofing without raw sockets: 300 bound loopback sources, each refused by --deny.
        int sources = 300;
        AtomicLong now = new AtomicLong();
        AccessPolicy denying = new AccessPolicy(new AccessPolicy.Rules(List.of(), List.of(Cidr.parse("127.0.0.0/8")),
                Integer.MAX_VALUE, Double.POSITIVE_INFINITY, 1, Double.POSITIVE_INFINITY, 1), now::get);
        ProtocolService daytime = ProtocolService.bind("daytime", "RFC 867", SERVER, 0,
                DaytimeProtocol.of(DaytimeProtocol.RFC867, ZoneOffset.UTC)::encode, clock, denying);
        open.add(daytime);
        daytime.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(AccessPolicy.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
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
            for (int i = 0; i < sources; i++) {
                try (DatagramSocket from = bindUdp(new InetSocketAddress(address(127, 0, 1 + i / 250, 1 + i % 250), 0))) {
                    send(from, daytime.address());
                }
            }
            Await.until(() -> daytime.stats().refusedCount(Refusal.DENIED) == sources, REPLY_TIMEOUT);
            assertThat(lines).hasSize(20).allMatch(line -> line.startsWith("daytime: refused 127.0."));

            now.addAndGet(Duration.ofMinutes(1).toNanos());
            try (DatagramSocket from = bindUdp(new InetSocketAddress(address(127, 0, 1, 1), 0))) {
                send(from, daytime.address());
            }
            Await.until(() -> daytime.stats().refusedCount(Refusal.DENIED) == sources + 1, REPLY_TIMEOUT);
            assertThat(lines).hasSize(22);
            assertThat(lines.get(20)).isEqualTo("refused 300 requests from 300 sources in the last minute, by reason: "
                    + "denied 300 (20 logged: at most one line a minute per source, 20 in all)");
            assertThat(lines.get(21)).startsWith("daytime: refused 127.0.1.1: denied");
        } finally {
            logger.removeHandler(capture);
        }
    }
}
