package dev.clock.ntp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * NTP packets written and read byte by byte, from RFC 5905's figure and not from the server's own
 * code, so that a mistake there does not hide itself here; and a socket to exchange them.
 */
final class NtpWire implements AutoCloseable {
    static final long SECONDS_1900_TO_1970 = 2_208_988_800L;

    /** A reply's fields, as RFC 5905 lays them out. */
    record Reply(int length, int leap, int version, int mode, int stratum, int poll, int precision,
                 long rootDelay, long rootDispersion, String referenceId, long reference, long origin, long receive,
                 long transmit) {

        static Reply parse(byte[] data, int length) {
            ByteBuffer b = ByteBuffer.wrap(data, 0, length);
            int first = b.get(0) & 0xff;
            byte[] id = new byte[4];
            b.get(12, id);
            return new Reply(length, first >> 6, (first >> 3) & 7, first & 7, b.get(1) & 0xff, b.get(2), b.get(3),
                    b.getInt(4) & 0xffffffffL, b.getInt(8) & 0xffffffffL, new String(id, StandardCharsets.US_ASCII),
                    b.getLong(16), b.getLong(24), b.getLong(32), b.getLong(40));
        }

        boolean isRateKiss() {
            return stratum == 0 && referenceId.equals("RATE");
        }
    }

    private final DatagramSocket socket;
    private final InetSocketAddress server;

    NtpWire(InetSocketAddress local, InetSocketAddress server) throws IOException {
        this.socket = new DatagramSocket(local);
        this.server = server;
    }

    /** From an ephemeral port of {@code localAddress}. */
    static NtpWire from(String localAddress, InetSocketAddress server) throws IOException {
        return new NtpWire(new InetSocketAddress(InetAddress.getByName(localAddress), 0), server);
    }

    /** A header cut or zero-padded to {@code length} bytes. */
    static byte[] request(int version, int mode, int poll, long transmit, int length) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(length, 48));
        b.put(0, (byte) (version << 3 | mode));
        b.put(2, (byte) poll);
        b.putLong(40, transmit);
        return Arrays.copyOf(b.array(), length);
    }

    static byte[] clientRequest(int version, long transmit) {
        return request(version, 3, 6, transmit, 48);
    }

    static long randomTimestamp() {
        return ThreadLocalRandom.current().nextLong();
    }

    void send(byte[] packet) throws IOException {
        socket.send(new DatagramPacket(packet, packet.length, server));
    }

    /** The next datagram within {@code timeout}, or empty. */
    Optional<Reply> receive(Duration timeout) throws IOException {
        byte[] buffer = new byte[1024];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
        return Optional.of(Reply.parse(buffer, packet.getLength()));
    }

    /** Sends a client request and returns its reply, failing if there is none within 2 s. */
    Reply ask(int version, long transmit) throws IOException {
        send(clientRequest(version, transmit));
        return receive(Duration.ofSeconds(2)).orElseThrow(() -> new AssertionError("no reply within 2s"));
    }

    /** An NTP timestamp as an instant, to the nanosecond (era 0, before 2036). */
    static Instant instant(long ntp) {
        long seconds = (ntp >>> 32) - SECONDS_1900_TO_1970;
        long nanos = ((ntp & 0xffffffffL) * 1_000_000_000L) >>> 32;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    @Override
    public void close() {
        socket.close();
    }
}
