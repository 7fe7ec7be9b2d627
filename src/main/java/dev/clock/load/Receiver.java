package dev.clock.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** How the connections' bytes are taken from the kernel, and with what receive time. */
interface Receiver {
    /** Readies a channel before it connects (asks the kernel to stamp what it receives) and returns its reading. */
    Reading open(SocketChannel channel) throws IOException;

    /** Where the lag came from, in a user's words: "kernel receive timestamps" or "read time only, because ...". */
    String source();

    /** One non-blocking channel's reads, from the one thread that selects on it. */
    interface Reading extends AutoCloseable {
        /** Reads what is queued into {@code into} from its position: the bytes read, 0 if nothing was queued, -1 at the end. */
        int receive(ByteBuffer into) throws IOException;

        /** When the kernel received what the last {@link #receive} read (CLOCK_REALTIME), or {@link Arrival#NO_TIME}. */
        long kernelEpochNanos();

        /** Frees what the reading holds; the channel stays open. */
        @Override
        void close();
    }
}
