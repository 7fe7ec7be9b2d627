package dev.clock.kernel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Reads one channel without blocking ({@code recvmsg} with {@code MSG_DONTWAIT}, whatever the
 * channel's blocking mode), with the kernel's time of receipt of what was read; and sends replies
 * on a datagram channel the same way, natively.
 *
 * <p>Not thread-safe: one reader per instance, which reuses its native buffers, so that a read
 * allocates nothing (but a new source address). Read only while the channel is open and cannot be
 * closed under the read: the call works on the channel's descriptor number, which a close frees
 * for reuse. The safe way is the JDK's own: keep the channel registered with a {@code Selector},
 * and read only from the one thread that selects on it, after a select and before the next. A
 * registered channel's descriptor is released only by its selector's next select after the close
 * (or its close), and {@code close()} does not wake a select: call {@code wakeup()}.
 *
 * <p>Linux turns receive timestamps on for all sockets a moment after the first one asks for them
 * (a deferred work item), and off once the last one has closed: what arrives in that moment is
 * stamped when it is read (UDP) or not at all (TCP, {@link #NO_TIMESTAMP}).
 */
public interface KernelReceiver extends AutoCloseable {
    /** {@link #receive} on a stream whose peer has closed its side: no more bytes will come. */
    int END_OF_STREAM = -1;
    /** {@link #receive} when nothing is waiting to be read ({@code EAGAIN}). */
    int NOTHING_READY = -2;
    /** {@link #send} when the socket's send buffer is full ({@code EAGAIN}): nothing was sent. */
    int NO_ROOM = -3;
    /** {@link #receivedAtNanos()} when the kernel gave no time for the last read. */
    long NO_TIMESTAMP = Long.MIN_VALUE;

    /**
     * Reads into {@code into} from its position, up to its limit: one datagram (cut to fit, as the
     * JDK cuts it), or what a stream has. Advances its position by the bytes read.
     *
     * @return the bytes read (0: an empty datagram, or no room left in {@code into}),
     *     {@link #NOTHING_READY}, or {@link #END_OF_STREAM} for a stream
     * @throws IOException with the kernel's reason ({@code strerror}) if the read failed, or if the
     *     channel is closed
     */
    int receive(ByteBuffer into) throws IOException;

    /**
     * When the kernel received what the last {@link #receive} read, in nanoseconds since the epoch
     * by the system's real-time clock (the one {@code Instant.now()} reads); for a stream, when the
     * last segment read arrived. {@link #NO_TIMESTAMP} if the kernel gave none.
     */
    long receivedAtNanos();

    /** Who sent the datagram the last {@link #receive} read; {@code null} for a stream. */
    InetSocketAddress source();

    /**
     * Sends {@code from}'s remaining bytes as one datagram to {@code to} ({@code sendmsg} with
     * {@code MSG_DONTWAIT}, whatever the channel's blocking mode), and advances its position by them.
     * Same thread, same rules as {@link #receive}; for a datagram channel only.
     *
     * <p>A reply to {@link #source()}, the very object the last {@link #receive} gave, goes to the
     * kernel's own address of the sender, converted from nothing: so a time stamped into a reply
     * right before this call is that much closer to the send. Any other address is converted first
     * (into native memory reused while it is the same).
     *
     * @return the bytes sent, or {@link #NO_ROOM}
     * @throws IOException with the kernel's reason ({@code strerror}) if the send failed, or if the
     *     channel is closed
     */
    int send(ByteBuffer from, InetSocketAddress to) throws IOException;

    /** Frees the native buffers; the channel stays open. */
    @Override
    void close();
}
