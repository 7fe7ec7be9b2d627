package dev.clock.testing;

import dev.clock.kernel.KernelReceive;
import dev.clock.kernel.KernelReceiver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps Linux stamping received packets while a test runs. The kernel turns receive timestamps on
 * for every socket a moment after the first socket asks (a deferred work item) and off when the
 * last one closes: what arrives before is stamped when read (UDP) or not at all (TCP). One socket
 * asks, and {@link #keepOn()} returns once a datagram to it is seen stamped on arrival.
 */
public final class KernelTimestamps implements AutoCloseable {
    private static final Duration HELD = Duration.ofMillis(10);
    private final DatagramChannel socket;
    private final KernelReceiver receiver;

    private KernelTimestamps(DatagramChannel socket, KernelReceiver receiver) {
        this.socket = socket;
        this.receiver = receiver;
    }

    /** @throws AssertionError if this JVM has no kernel timestamps, or the kernel never stamps on arrival */
    public static KernelTimestamps keepOn() throws IOException, InterruptedException {
        KernelReceive kernel = KernelReceive.available().orElseThrow(() -> new AssertionError(
                "no kernel receive timestamps on " + Runtime.version() + " (see the DEBUG log for why)"));
        DatagramChannel socket = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        KernelTimestamps keeper = new KernelTimestamps(socket, kernel.open(socket));
        try {
            keeper.awaitStampedOnArrival();
            return keeper;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            keeper.close();
            throw e;
        }
    }

    private void awaitStampedOnArrival() throws IOException, InterruptedException {
        ByteBuffer probe = ByteBuffer.allocate(8);
        socket.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            socket.register(selector, SelectionKey.OP_READ);
            for (int attempt = 0; attempt < 100; attempt++) {
                socket.send(probe.clear(), socket.getLocalAddress());
                if (selector.select(5_000) == 0) {
                    throw new AssertionError("a datagram to itself did not arrive within 5 s");
                }
                selector.selectedKeys().clear();
                Thread.sleep(HELD);
                Instant read = Instant.now();
                if (receiver.receive(probe.clear()) != 8) {
                    throw new AssertionError("the probe of 8 bytes did not come back whole");
                }
                long stamped = receiver.receivedAtNanos();
                long readNanos = read.getEpochSecond() * 1_000_000_000L + read.getNano();
                if (stamped != KernelReceiver.NO_TIMESTAMP && stamped < readNanos - HELD.toNanos() / 2) {
                    return;
                }
            }
        }
        throw new AssertionError("the kernel never stamped a datagram on arrival in 100 tries");
    }

    @Override
    public void close() throws IOException {
        receiver.close();
        socket.close();
    }
}
