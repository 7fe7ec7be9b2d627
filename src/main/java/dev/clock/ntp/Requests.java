package dev.clock.ntp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Where the NTP server's one serving thread takes its requests from, and when each was received:
 * the reply's receive time (T2), whose lateness is half an error in every client's offset; and how
 * it sends the replies, whose transmit time (T3) is read just before.
 */
interface Requests {
    /**
     * Waits for the next datagram and reads it into {@code request}, cleared first.
     *
     * @return its sender, or {@code null} once the channel is closed
     * @throws IOException if this read failed; the next may not
     */
    InetSocketAddress take(ByteBuffer request) throws IOException;

    /** When the datagram {@link #take} last read was received, as an NTP timestamp. */
    long receivedAt();

    /**
     * Sends {@code reply} to {@code client}, from the thread that takes, never blocking for long.
     *
     * @return false if the socket had no room for it: nothing was sent
     * @throws java.nio.channels.ClosedChannelException once the channel is closed
     * @throws IOException if this send failed
     */
    boolean send(ByteBuffer reply, InetSocketAddress client) throws IOException;

    /** How the receive time is had, for the listener's description; empty if by reading the clock. */
    String description();

    /** Makes a {@link #take} waiting in another thread see that the channel has been closed. */
    void wakeUp();

    /** Releases what it holds; called once, by the thread that takes, or by the closer if none ever did. */
    void release();
}
