package dev.clock.ntp;

import dev.clock.kernel.KernelReceive;
import dev.clock.kernel.KernelReceiver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.InstantSource;

/**
 * Requests with the kernel's own receive time ({@code SO_TIMESTAMPNS}), as chronyd takes it, not
 * late by the serving thread's wake-up; replies sent by the same native reader, without blocking.
 *
 * <p>The kernel's read works on the channel's descriptor number, which the JDK frees for reuse when
 * the channel is closed; so the channel is non-blocking and registered with a selector, which only
 * the serving thread uses: then the JDK keeps the descriptor until that thread's next select (or
 * the selector's close, in {@link #release()}), and every read is done before it. A close of the
 * channel does not wake a select: {@link #wakeUp()} does.
 */
final class KernelStampedRequests implements Requests {
    private final DatagramChannel channel;
    private final InstantSource clock;
    private final KernelReceiver receiver;
    private final Selector selector;
    private long receivedAt;

    private KernelStampedRequests(DatagramChannel channel, InstantSource clock, KernelReceiver receiver, Selector selector) {
        this.channel = channel;
        this.clock = clock;
        this.receiver = receiver;
        this.selector = selector;
    }

    /** Turns the kernel's timestamps on for {@code channel}, which this makes non-blocking. */
    static KernelStampedRequests open(KernelReceive kernel, DatagramChannel channel, InstantSource clock) throws IOException {
        KernelReceiver receiver = kernel.open(channel);
        Selector selector = null;
        try {
            selector = Selector.open();
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            return new KernelStampedRequests(channel, clock, receiver, selector);
        } catch (IOException | RuntimeException e) {
            receiver.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    @Override
    public InetSocketAddress take(ByteBuffer request) throws IOException {
        while (channel.isOpen()) {
            request.clear();
            int read;
            try {
                read = receiver.receive(request);
            } catch (ClosedChannelException e) {
                return null;
            }
            if (read != KernelReceiver.NOTHING_READY) {
                long nanos = receiver.receivedAtNanos();
                // None only in the moment after the first socket asks, before the kernel stamps any.
                receivedAt = nanos == KernelReceiver.NO_TIMESTAMP ? NtpTimestamp.of(clock.instant()) : NtpTimestamp.ofEpochNanos(nanos);
                return receiver.source();
            }
            selector.select();
            selector.selectedKeys().clear();
        }
        return null;
    }

    /**
     * Sends natively, to the kernel's own address of the request's sender, so that nothing is
     * converted between the transmit time read and the send; and never blocks: a full socket is a
     * failed write, not a stalled server. (Not for speed: on loopback the JDK's warm send took the
     * same 3.6 µs as a native one.)
     */
    @Override
    public boolean send(ByteBuffer reply, InetSocketAddress client) throws IOException {
        return receiver.send(reply, client) != KernelReceiver.NO_ROOM;
    }

    @Override
    public long receivedAt() {
        return receivedAt;
    }

    @Override
    public String description() {
        return "kernel receive timestamps";
    }

    @Override
    public void wakeUp() {
        selector.wakeup();
    }

    @Override
    public void release() {
        try {
            // Deregisters the closed channel, and with that the JDK closes its descriptor.
            selector.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
        receiver.close();
    }
}
