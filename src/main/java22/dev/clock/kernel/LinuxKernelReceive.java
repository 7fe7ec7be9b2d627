package dev.clock.kernel;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.SocketException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;

/**
 * {@link KernelReceive} on Linux, 64-bit, through {@code java.lang.foreign}: {@code setsockopt},
 * {@code recvmsg} and {@code sendmsg} of the C library on the descriptor of the JDK's channel.
 *
 * <p>The descriptor comes from the JDK's own {@code sun.nio.ch.SelChImpl#getFDVal()}, which needs
 * {@code Add-Exports: java.base/sun.nio.ch}. Opening the socket natively instead would need no
 * export, but would leave no JDK channel: selecting, sending, options and closing would all have
 * to be native too, for UDP and for TCP. Taking the number keeps the channel whole.
 */
final class LinuxKernelReceive implements KernelReceive {
    // <asm-generic/socket.h> and <errno.h>, the same on x86-64 and AArch64.
    static final int SOL_SOCKET = 1;
    static final int SO_TIMESTAMPNS = 35;
    static final int SCM_TIMESTAMPNS = SO_TIMESTAMPNS;
    static final int MSG_DONTWAIT = 0x40;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    final MethodHandle recvmsg;
    final MethodHandle sendmsg;
    final MethodHandle strerror;
    private final MethodHandle setsockopt;
    private final MethodHandle descriptor;
    final StructLayout callState = Linker.Option.captureStateLayout();
    final long errnoOffset = callState.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

    /** @throws UnsupportedOperationException saying why this JVM cannot have them */
    @SuppressWarnings("restricted")
    public LinuxKernelReceive() {
        if (!LinuxKernelReceive.class.getModule().isNativeAccessEnabled()) {
            throw new UnsupportedOperationException(
                    "native access is not enabled: run with --enable-native-access=ALL-UNNAMED, as the jar's manifest says");
        }
        try {
            Class<?> selectable = Class.forName("sun.nio.ch.SelChImpl");
            descriptor = MethodHandles.lookup().findVirtual(selectable, "getFDVal", MethodType.methodType(int.class))
                    .asType(MethodType.methodType(int.class, NetworkChannel.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnsupportedOperationException("the JDK's channels do not show their descriptors"
                    + " (run with --add-exports=java.base/sun.nio.ch=ALL-UNNAMED, as the jar's manifest says): " + e, e);
        }
        Linker linker = Linker.nativeLinker();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        recvmsg = linker.downcallHandle(function(linker, "recvmsg"),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                errno);
        // sendmsg rather than sendto: its buffer's address is set in an iovec as a number, as for
        // recvmsg, so that a send makes no segment for the buffer it sends.
        sendmsg = linker.downcallHandle(function(linker, "sendmsg"),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                errno);
        setsockopt = linker.downcallHandle(function(linker, "setsockopt"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                errno);
        strerror = linker.downcallHandle(function(linker, "strerror"),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    private static MemorySegment function(Linker linker, String name) {
        return linker.defaultLookup().find(name)
                .orElseThrow(() -> new UnsupportedOperationException("the C library has no " + name));
    }

    @Override
    public KernelReceiver open(DatagramChannel channel) throws IOException {
        return open(channel, true);
    }

    @Override
    public KernelReceiver open(SocketChannel channel) throws IOException {
        return open(channel, false);
    }

    private KernelReceiver open(NetworkChannel channel, boolean datagrams) throws IOException {
        int fd = descriptorOf(channel);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment on = arena.allocateFrom(ValueLayout.JAVA_INT, 1);
            MemorySegment state = arena.allocate(callState);
            int result = (int) setsockopt.invokeExact(state, fd, SOL_SOCKET, SO_TIMESTAMPNS, on, (int) on.byteSize());
            if (result != 0) {
                throw error(state.get(ValueLayout.JAVA_INT, errnoOffset), "setsockopt SO_TIMESTAMPNS");
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
        return new LinuxKernelReceiver(this, channel, fd, datagrams);
    }

    int descriptorOf(NetworkChannel channel) throws IOException {
        if (!channel.isOpen()) {
            throw new java.nio.channels.ClosedChannelException();
        }
        try {
            return (int) descriptor.invokeExact(channel);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    /** The kernel's reason for {@code errno}, as the exception the JDK would throw. */
    @SuppressWarnings("restricted")
    SocketException error(int errno, String call) {
        String reason;
        try {
            reason = ((MemorySegment) strerror.invokeExact(errno)).reinterpret(256).getString(0);
        } catch (Throwable e) {
            reason = "errno " + errno;
        }
        return new SocketException(reason + " (" + call + ")");
    }
}
