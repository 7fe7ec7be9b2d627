package dev.clock.load;

import dev.clock.kernel.KernelReceive;
import dev.clock.kernel.KernelReceiver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Reads with the kernel's receive time of each read ({@code SO_TIMESTAMPNS}, through
 * {@link KernelReceive}): a non-blocking {@code recvmsg} after the selector said the channel is ready.
 */
record KernelTimestampReceiver(KernelReceive kernel) implements Receiver {
    static final String SOURCE = "kernel receive timestamps";

    @Override
    public Reading open(SocketChannel channel) throws IOException {
        KernelReceiver receiver = kernel.open(channel);
        return new Reading() {
            @Override
            public int receive(ByteBuffer into) throws IOException {
                int n = receiver.receive(into);
                return n == KernelReceiver.NOTHING_READY ? 0 : n == KernelReceiver.END_OF_STREAM ? -1 : n;
            }

            @Override
            public long kernelEpochNanos() {
                long at = receiver.receivedAtNanos();
                return at == KernelReceiver.NO_TIMESTAMP ? Arrival.NO_TIME : at;
            }

            @Override
            public void close() {
                receiver.close();
            }
        };
    }

    @Override
    public String source() {
        return SOURCE;
    }
}
