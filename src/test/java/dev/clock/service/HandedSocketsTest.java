package dev.clock.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clock.activation.HandedOver;
import dev.clock.net.Listener;
import dev.clock.testing.LineClient;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sockets handed over by systemd, each named for its door (LISTEN_FDNAMES), served by the service
 * in-process: sockets the test binds itself stand for systemd's, as the activation code hands them on.
 */
@Timeout(30)
class HandedSocketsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static ServeConfig.Builder doors() {
        // Ports the options name, which a handed-over socket overrides: 0 here, so a bind would go elsewhere.
        return ServeConfig.builder().bind("127.0.0.1").port(0).zone(ZoneId.of("UTC")).daytime(0).ntp(0).http(0).metrics(0);
    }

    private static ServerSocketChannel tcp() throws Exception {
        ServerSocketChannel channel = ServerSocketChannel.open();
        channel.bind(new InetSocketAddress(LOOPBACK, 0));
        return channel;
    }

    private static DatagramChannel udp() throws Exception {
        DatagramChannel channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(LOOPBACK, 0));
        return channel;
    }

    private static HandedOver.Listening listening(String name, ServerSocketChannel channel) throws Exception {
        return new HandedOver.Listening(name, channel, (InetSocketAddress) channel.getLocalAddress());
    }

    private static HandedOver.Datagram datagram(String name, DatagramChannel channel) throws Exception {
        return new HandedOver.Datagram(name, channel, (InetSocketAddress) channel.getLocalAddress());
    }

    private static int port(ClockService service, String protocol) {
        return service.listeners().stream().filter(l -> l.protocol().equals(protocol)).findFirst().orElseThrow()
                .address().getPort();
    }

    @Test
    void everyDoorServesTheSocketHandedOverForItAndBindsNothingOfItsOwn() throws Exception {
        ServerSocketChannel stream = tcp();
        ServerSocketChannel http = tcp();
        ServerSocketChannel metrics = tcp();
        DatagramChannel ntp = udp();
        DatagramChannel daytime = udp(); // Daytime over UDP alone: systemd passed only its ListenDatagram=
        List<HandedOver> handed = List.of(listening("stream", stream), datagram("ntp", ntp), listening("http", http),
                datagram("daytime", daytime), listening("metrics", metrics));
        try (ClockService service = ClockService.open(doors().build(), handed, List.of())) {
            service.start();
            assertThat(port(service, "stream")).isEqualTo(stream.socket().getLocalPort());
            assertThat(port(service, "http")).isEqualTo(http.socket().getLocalPort());
            assertThat(port(service, "ntp")).isEqualTo(ntp.socket().getLocalPort());
            assertThat(port(service, "daytime")).isEqualTo(daytime.socket().getLocalPort());
            assertThat(service.listeners().stream().filter(l -> l.protocol().equals("daytime")).map(Listener::description))
                    .containsExactly("udp, RFC 867");
            assertThat(service.metricsAddress().orElseThrow().getPort()).isEqualTo(metrics.socket().getLocalPort());

            try (LineClient client = new LineClient(stream.socket().getLocalPort())) {
                assertThat(client.readLine()).matches("\\d\\d:\\d\\d:\\d\\d");
            }
            HttpResponse<String> now = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http.socket().getLocalPort() + "/now")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(now.statusCode()).isEqualTo(200);
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metrics.socket().getLocalPort() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            try (DatagramSocket socket = new DatagramSocket(0, LOOPBACK)) {
                socket.setSoTimeout(2_000);
                socket.send(new DatagramPacket(new byte[1], 1, LOOPBACK, daytime.socket().getLocalPort()));
                DatagramPacket reply = new DatagramPacket(new byte[64], 64);
                socket.receive(reply);
                assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII)).contains("-UTC");
                byte[] request = new byte[48];
                request[0] = 0x23; // version 4, client
                socket.send(new DatagramPacket(request, 48, LOOPBACK, ntp.socket().getLocalPort()));
                reply = new DatagramPacket(new byte[64], 64);
                socket.receive(reply);
                assertThat(reply.getData()[0] & 0x07).as("server mode").isEqualTo(4);
            }
        }
    }

    @Test
    void aSocketForADoorThatIsNotServedIsAnErrorNamingWhatIs() throws Exception {
        try (ServerSocketChannel tcp = tcp()) {
            assertThatThrownBy(() -> ClockService.open(ServeConfig.builder().bind("127.0.0.1").port(0).build(),
                    List.of(listening("htttp", tcp)), List.of()))
                    .isInstanceOf(ListenException.class)
                    .hasMessage("a socket named 'htttp' was handed over, but no door of that name is served here (served: "
                            + "stream): name each socket after its door (FileDescriptorName=), and turn that door on with its option");
            assertThat(tcp.isOpen()).as("nothing is taken on an error: the process exits with it").isTrue();
            assertThatThrownBy(() -> ClockService.open(ServeConfig.builder().bind("127.0.0.1").stream(false).http(0).build(),
                    List.of(listening("stream", tcp)), List.of()))
                    .isInstanceOf(ListenException.class)
                    .hasMessageStartingWith("a socket was handed over for the stream, but --no-stream turns the stream off");
        }
    }

    @Test
    void aDoorTakesOneSocketOfEachKindAndOnlyKindsItServes() throws Exception {
        try (ServerSocketChannel a = tcp(); ServerSocketChannel b = tcp(); DatagramChannel u = udp()) {
            ServeConfig config = ServeConfig.builder().bind("127.0.0.1").port(0).build();
            assertThatThrownBy(() -> ClockService.open(config, List.of(listening("stream", a), listening("stream", b)), List.of()))
                    .isInstanceOf(ListenException.class)
                    .hasMessageStartingWith("more than one TCP socket named 'stream' was handed over");
            assertThatThrownBy(() -> ClockService.open(config, List.of(datagram("stream", u)), List.of()))
                    .isInstanceOf(ListenException.class)
                    .hasMessage("a UDP socket named 'stream' was handed over, but --port is served over TCP: ListenStream=PORT");
        }
    }

    @Test
    void oneClientsConnectionIsTheStreamsAloneInAProcessThatServesNothingElse() throws Exception {
        try (ServerSocketChannel server = tcp(); SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept()) {
            HandedOver.Connected connected = new HandedOver.Connected("stream", accepted,
                    (InetSocketAddress) accepted.getLocalAddress(), (InetSocketAddress) accepted.getRemoteAddress());
            assertThatThrownBy(() -> ClockService.open(ServeConfig.builder().bind("127.0.0.1").port(0).http(0).build(),
                    List.of(connected), List.of()))
                    .isInstanceOf(ListenException.class)
                    .hasMessageStartingWith("one client's connection was handed over (inetd's nowait): that process serves only it");
            try (ClockService service = ClockService.open(ServeConfig.builder().bind("127.0.0.1").port(0).build(),
                    List.of(connected), List.of())) {
                service.start();
                java.nio.ByteBuffer line = java.nio.ByteBuffer.allocate(9);
                while (line.hasRemaining() && client.read(line) >= 0) {
                    // a whole line
                }
                assertThat(new String(line.array(), StandardCharsets.US_ASCII)).matches("\\d\\d:\\d\\d:\\d\\d\n");
            }
        }
    }
}
