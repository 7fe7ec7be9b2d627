package dev.clock.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** The fallback: {@link SocketChannel#read}, with no kernel time; a line's lag is its read time's. */
record ChannelReceiver(String whyNotKernel) implements Receiver {
    @Override
    public Reading open(SocketChannel channel) {
        return new Reading() {
            @Override
            public int receive(ByteBuffer into) throws IOException {
                return channel.read(into);
            }

            @Override
            public long kernelEpochNanos() {
                return Arrival.NO_TIME;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String source() {
        return "read time only, because " + whyNotKernel;
    }
}
