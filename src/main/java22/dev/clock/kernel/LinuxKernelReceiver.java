package dev.clock.kernel;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One channel's {@code recvmsg} and {@code sendmsg}, their {@code struct msghdr}, {@code iovec},
 * address and control buffers made once (64-bit Linux layouts) and filled in again for each call.
 */
final class LinuxKernelReceiver implements KernelReceiver {
    // struct msghdr: name, namelen, iov, iovlen, control, controllen, flags.
    private static final long MSG_NAME = 0;
    private static final long MSG_NAMELEN = 8;
    private static final long MSG_IOV = 16;
    private static final long MSG_IOVLEN = 24;
    private static final long MSG_CONTROL = 32;
    private static final long MSG_CONTROLLEN = 40;
    private static final long MSG_FLAGS = 48;
    private static final long MSGHDR_SIZE = 56;
    // struct iovec: base, len.
    private static final long IOV_BASE = 0;
    private static final long IOV_LEN = 8;
    // struct cmsghdr: len (size_t), level, type, then data aligned to 8.
    private static final long CMSG_HEADER = 16;
    private static final long TIMESPEC_SIZE = 16;
    /** Room for the one message asked for, SO_TIMESTAMPNS's, and a spare. */
    private static final long CONTROL_SIZE = 64;
    /** sizeof(struct sockaddr_storage). */
    private static final int NAME_SIZE = 128;
    /** sizeof(struct sockaddr_in), sizeof(struct sockaddr_in6). */
    private static final int SOCKADDR_IN_SIZE = 16;
    private static final int SOCKADDR_IN6_SIZE = 28;
    private static final ValueLayout.OfShort PORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final LinuxKernelReceive natives;
    private final NetworkChannel channel;
    private final int fd;
    private final boolean datagrams;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment message;
    private final MemorySegment iov;
    private final MemorySegment name;
    private final MemorySegment control;
    private final MemorySegment state;
    private final MemorySegment sendMessage;
    private final MemorySegment sendIov;
    /** The last address sent to but a sender's, as a sockaddr, with the address it was made from. */
    private final MemorySegment destination;
    private InetSocketAddress lastDestination;
    private int lastDestinationLength;
    /** For a heap buffer, which the kernel cannot reach: read here then copied, or copied here then sent. */
    private MemorySegment scratch = MemorySegment.NULL;
    /** The direct buffer last read into, and its address, to name it again without a new segment. */
    private ByteBuffer lastDirect;
    private long lastDirectAddress;
    private long receivedAt = NO_TIMESTAMP;
    private InetSocketAddress source;
    /** The last sender's address as read, to compare the next one's with before making a new one. */
    private final byte[] sourceBytes4 = new byte[4];
    private final byte[] sourceBytes16 = new byte[16];
    private InetSocketAddress lastSender;
    private byte[] lastSenderBytes;
    private int lastScope;

    LinuxKernelReceiver(LinuxKernelReceive natives, NetworkChannel channel, int fd, boolean datagrams) {
        this.natives = natives;
        this.channel = channel;
        this.fd = fd;
        this.datagrams = datagrams;
        message = arena.allocate(MSGHDR_SIZE, 8);
        iov = arena.allocate(16, 8);
        name = arena.allocate(NAME_SIZE, 8);
        control = arena.allocate(CONTROL_SIZE, 8);
        state = arena.allocate(natives.callState);
        // A stream's recvmsg fills in no address.
        message.set(ValueLayout.ADDRESS, MSG_NAME, datagrams ? name : MemorySegment.NULL);
        message.set(ValueLayout.ADDRESS, MSG_IOV, iov);
        message.set(ValueLayout.JAVA_LONG, MSG_IOVLEN, 1);
        message.set(ValueLayout.ADDRESS, MSG_CONTROL, control);
        sendMessage = arena.allocate(MSGHDR_SIZE, 8);
        sendIov = arena.allocate(16, 8);
        destination = arena.allocate(SOCKADDR_IN6_SIZE, 8);
        sendMessage.set(ValueLayout.ADDRESS, MSG_IOV, sendIov);
        sendMessage.set(ValueLayout.JAVA_LONG, MSG_IOVLEN, 1);
    }

    @Override
    public int receive(ByteBuffer into) throws IOException {
        if (into.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        receivedAt = NO_TIMESTAMP;
        source = null;
        int position = into.position();
        int room = into.remaining();
        if (room == 0 && !datagrams) {
            return 0; // a stream's recvmsg of nothing returns 0, as at its end: do not ask
        }
        if (into.isDirect()) {
            iov.set(ValueLayout.JAVA_LONG, IOV_BASE, addressOf(into) + position);
        } else {
            iov.set(ValueLayout.ADDRESS, IOV_BASE, scratch(room));
        }
        iov.set(ValueLayout.JAVA_LONG, IOV_LEN, room);
        long n;
        int errno;
        do {
            message.set(ValueLayout.JAVA_INT, MSG_NAMELEN, datagrams ? NAME_SIZE : 0);
            message.set(ValueLayout.JAVA_LONG, MSG_CONTROLLEN, CONTROL_SIZE);
            message.set(ValueLayout.JAVA_INT, MSG_FLAGS, 0);
            try {
                n = (long) natives.recvmsg.invokeExact(state, fd, message, LinuxKernelReceive.MSG_DONTWAIT);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new AssertionError(e);
            } finally {
                Reference.reachabilityFence(into);
            }
            errno = n < 0 ? state.get(ValueLayout.JAVA_INT, natives.errnoOffset) : 0;
        } while (n < 0 && errno == LinuxKernelReceive.EINTR);
        if (n < 0) {
            if (errno == LinuxKernelReceive.EAGAIN) {
                return NOTHING_READY;
            }
            throw natives.error(errno, "recvmsg");
        }
        if (n == 0 && !datagrams) {
            return END_OF_STREAM;
        }
        if (!into.isDirect()) {
            MemorySegment.copy(scratch, ValueLayout.JAVA_BYTE, 0, into.array(), into.arrayOffset() + position, (int) n);
        }
        into.position(position + (int) n);
        receivedAt = timestamp();
        if (datagrams) {
            source = sender();
        }
        return (int) n;
    }

    @Override
    public int send(ByteBuffer from, InetSocketAddress to) throws IOException {
        if (!datagrams) {
            throw new UnsupportedOperationException("a stream is written through its channel, not sent to an address");
        }
        Objects.requireNonNull(to, "to");
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        // The address first, then the bytes: nothing but the call itself after them.
        if (to == source) {
            sendMessage.set(ValueLayout.ADDRESS, MSG_NAME, name);
            sendMessage.set(ValueLayout.JAVA_INT, MSG_NAMELEN, message.get(ValueLayout.JAVA_INT, MSG_NAMELEN));
        } else {
            sendMessage.set(ValueLayout.ADDRESS, MSG_NAME, destination);
            sendMessage.set(ValueLayout.JAVA_INT, MSG_NAMELEN, destination(to));
        }
        int position = from.position();
        int length = from.remaining();
        if (from.isDirect()) {
            sendIov.set(ValueLayout.JAVA_LONG, IOV_BASE, addressOf(from) + position);
        } else {
            MemorySegment copy = scratch(length);
            MemorySegment.copy(from.array(), from.arrayOffset() + position, copy, ValueLayout.JAVA_BYTE, 0, length);
            sendIov.set(ValueLayout.ADDRESS, IOV_BASE, copy);
        }
        sendIov.set(ValueLayout.JAVA_LONG, IOV_LEN, length);
        long n;
        int errno;
        do {
            try {
                n = (long) natives.sendmsg.invokeExact(state, fd, sendMessage, LinuxKernelReceive.MSG_DONTWAIT);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new AssertionError(e);
            } finally {
                Reference.reachabilityFence(from);
            }
            errno = n < 0 ? state.get(ValueLayout.JAVA_INT, natives.errnoOffset) : 0;
        } while (n < 0 && errno == LinuxKernelReceive.EINTR);
        if (n < 0) {
            if (errno == LinuxKernelReceive.EAGAIN) {
                return NO_ROOM;
            }
            throw natives.error(errno, "sendmsg");
        }
        from.position(position + (int) n);
        return (int) n;
    }

    /** Fills in {@link #destination} for {@code to}, unless it holds it already; returns its length. */
    private int destination(InetSocketAddress to) {
        if (to.equals(lastDestination)) {
            return lastDestinationLength;
        }
        if (to.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        destination.fill((byte) 0);
        destination.set(PORT, 2, (short) to.getPort());
        InetAddress address = to.getAddress();
        int length;
        if (address instanceof Inet6Address six) {
            // sockaddr_in6: family, port, flow information, address, scope.
            destination.set(ValueLayout.JAVA_SHORT, 0, (short) LinuxKernelReceive.AF_INET6);
            MemorySegment.copy(six.getAddress(), 0, destination, ValueLayout.JAVA_BYTE, 8, 16);
            destination.set(ValueLayout.JAVA_INT, 24, six.getScopeId());
            length = SOCKADDR_IN6_SIZE;
        } else {
            // sockaddr_in; an IPv6 socket (not IPv6-only) takes it too, as the JDK's do.
            destination.set(ValueLayout.JAVA_SHORT, 0, (short) LinuxKernelReceive.AF_INET);
            MemorySegment.copy(address.getAddress(), 0, destination, ValueLayout.JAVA_BYTE, 4, 4);
            length = SOCKADDR_IN_SIZE;
        }
        lastDestination = to;
        lastDestinationLength = length;
        return length;
    }

    /** Native room for a heap buffer's bytes, which the kernel cannot reach in the heap. */
    private MemorySegment scratch(int size) {
        if (scratch.byteSize() < size) {
            scratch = Arena.ofAuto().allocate(Math.max(size, 2 * scratch.byteSize()));
        }
        return scratch;
    }

    private long addressOf(ByteBuffer direct) {
        if (direct != lastDirect) {
            lastDirectAddress = MemorySegment.ofBuffer(direct.duplicate().clear()).address();
            lastDirect = direct;
        }
        return lastDirectAddress;
    }

    /** The SCM_TIMESTAMPNS message's time, or NO_TIMESTAMP. */
    private long timestamp() {
        long length = Math.min(message.get(ValueLayout.JAVA_LONG, MSG_CONTROLLEN), CONTROL_SIZE);
        for (long at = 0; at + CMSG_HEADER <= length; ) {
            long size = control.get(ValueLayout.JAVA_LONG, at);
            if (size < CMSG_HEADER || at + size > length) {
                break;
            }
            if (control.get(ValueLayout.JAVA_INT, at + 8) == LinuxKernelReceive.SOL_SOCKET
                    && control.get(ValueLayout.JAVA_INT, at + 12) == LinuxKernelReceive.SCM_TIMESTAMPNS
                    && size >= CMSG_HEADER + TIMESPEC_SIZE) {
                long seconds = control.get(ValueLayout.JAVA_LONG, at + CMSG_HEADER);
                long nanos = control.get(ValueLayout.JAVA_LONG, at + CMSG_HEADER + 8);
                return seconds * 1_000_000_000L + nanos;
            }
            at += (size + 7) & ~7L;
        }
        return NO_TIMESTAMP;
    }

    /** The datagram's sockaddr_in or sockaddr_in6; the last one again if it is the same sender. */
    private InetSocketAddress sender() throws IOException {
        int family = name.get(ValueLayout.JAVA_SHORT, 0);
        int port = Short.toUnsignedInt(name.get(PORT, 2));
        byte[] bytes;
        int scope = 0;
        if (family == LinuxKernelReceive.AF_INET) {
            bytes = sourceBytes4;
            MemorySegment.copy(name, ValueLayout.JAVA_BYTE, 4, bytes, 0, 4);
        } else if (family == LinuxKernelReceive.AF_INET6) {
            bytes = sourceBytes16;
            MemorySegment.copy(name, ValueLayout.JAVA_BYTE, 8, bytes, 0, 16);
            scope = name.get(ValueLayout.JAVA_INT, 24);
        } else {
            throw new IOException("a datagram from an address of family " + family + ", neither IPv4 nor IPv6");
        }
        if (lastSender != null && port == lastSender.getPort() && scope == lastScope && Arrays.equals(bytes, lastSenderBytes)) {
            return lastSender;
        }
        byte[] copy = bytes.clone();
        InetAddress address;
        try {
            address = scope != 0 ? Inet6Address.getByAddress(null, copy, scope) : InetAddress.getByAddress(copy);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes make an address", e);
        }
        lastSender = new InetSocketAddress(address, port);
        lastSenderBytes = copy;
        lastScope = scope;
        return lastSender;
    }

    @Override
    public long receivedAtNanos() {
        return receivedAt;
    }

    @Override
    public InetSocketAddress source() {
        return source;
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
