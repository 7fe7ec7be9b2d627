package dev.clock.activation;

import java.io.FileDescriptor;
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
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.ByteOrder;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link Descriptors} on Linux, 64-bit: the kernel is asked through {@code java.lang.foreign}
 * ({@code getsockopt}, {@code getsockname}, {@code getpeername}), and the channel is the JDK's own
 * implementation, made by its constructors for a descriptor it did not open, as the JDK makes the
 * channel of {@link System#inheritedChannel()} and of each accepted connection. That needs
 * {@code Add-Opens: java.base/sun.nio.ch} (the jar's manifest says it).
 *
 * <p>Not the JDK's {@code InheritedChannel.createChannel()} on the descriptor moved to standard
 * input: the channels it makes point descriptors 0, 1 and 2 at {@code /dev/null} when they close
 * (the log goes with them), and before {@code System.inheritedChannel()} has run they fail to close.
 */
final class LinuxDescriptors implements Descriptors {
    // <sys/socket.h>, <asm-generic/socket.h>, <errno.h>: the same on x86-64 and AArch64.
    private static final int SOL_SOCKET = 1;
    private static final int SO_TYPE = 3;
    private static final int SO_ACCEPTCONN = 30;
    private static final int SO_DOMAIN = 39;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int EBADF = 9;
    private static final int ENOTSOCK = 88;
    private static final int ENOTCONN = 107;
    /** sizeof(struct sockaddr_storage). */
    private static final int SOCKADDR_SIZE = 128;
    private static final ValueLayout.OfShort PORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final MethodHandle getsockopt;
    private final MethodHandle getsockname;
    private final MethodHandle getpeername;
    private final MethodHandle dup;
    private final MethodHandle unsetenv;
    private final MethodHandle strerror;
    private final StructLayout callState = Linker.Option.captureStateLayout();
    private final long errnoOffset = callState.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

    private final MethodHandle newFD;
    private final MethodHandle fdVal;
    private final MethodHandle listening;
    private final MethodHandle datagram;
    private final MethodHandle connected;

    /** @throws UnsupportedOperationException saying why this JVM cannot */
    @SuppressWarnings("restricted")
    public LinuxDescriptors() {
        if (!LinuxDescriptors.class.getModule().isNativeAccessEnabled()) {
            throw new UnsupportedOperationException(
                    "native access is not enabled: run with --enable-native-access=ALL-UNNAMED, as the jar's manifest says");
        }
        try {
            Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil");
            MethodHandles.Lookup jdk = MethodHandles.privateLookupIn(ioUtil, MethodHandles.lookup());
            newFD = jdk.findStatic(ioUtil, "newFD", MethodType.methodType(FileDescriptor.class, int.class));
            Class<?> selectable = Class.forName("sun.nio.ch.SelChImpl");
            fdVal = MethodHandles.lookup().findVirtual(selectable, "getFDVal", MethodType.methodType(int.class))
                    .asType(MethodType.methodType(int.class, Channel.class));
            listening = constructor("sun.nio.ch.ServerSocketChannelImpl",
                    SelectorProvider.class, ProtocolFamily.class, FileDescriptor.class, boolean.class);
            datagram = constructor("sun.nio.ch.DatagramChannelImpl", SelectorProvider.class, FileDescriptor.class);
            connected = constructor("sun.nio.ch.SocketChannelImpl",
                    SelectorProvider.class, ProtocolFamily.class, FileDescriptor.class, SocketAddress.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnsupportedOperationException("this JDK's channels cannot be made for a descriptor (run with "
                    + "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED, as the jar's manifest says): " + e, e);
        }
        Linker linker = Linker.nativeLinker();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        getsockopt = linker.downcallHandle(function(linker, "getsockopt"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS, ValueLayout.ADDRESS), errno);
        FunctionDescriptor name = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.ADDRESS);
        getsockname = linker.downcallHandle(function(linker, "getsockname"), name, errno);
        getpeername = linker.downcallHandle(function(linker, "getpeername"), name, errno);
        dup = linker.downcallHandle(function(linker, "dup"), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                errno);
        unsetenv = linker.downcallHandle(function(linker, "unsetenv"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        strerror = linker.downcallHandle(function(linker, "strerror"),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    private static MethodHandle constructor(String name, Class<?>... parameters)
            throws ReflectiveOperationException {
        Class<?> type = Class.forName(name);
        return MethodHandles.privateLookupIn(type, MethodHandles.lookup()).findConstructor(type, MethodType.methodType(void.class, parameters));
    }

    private static MemorySegment function(Linker linker, String name) {
        return linker.defaultLookup().find(name)
                .orElseThrow(() -> new UnsupportedOperationException("the C library has no " + name));
    }

    @Override
    public SocketFacts inspect(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            Call call = new Call(arena);
            int type = call.intOption(fd, SO_TYPE);
            if (type < 0) {
                return switch (call.errno()) {
                    case EBADF -> SocketFacts.closed(fd);
                    case ENOTSOCK -> SocketFacts.notASocket(fd, link(fd));
                    default -> throw call.error("getsockopt SO_TYPE");
                };
            }
            int domain = call.intOption(fd, SO_DOMAIN);
            if (domain < 0) {
                throw call.error("getsockopt SO_DOMAIN");
            }
            if (domain == AF_UNIX) {
                return SocketFacts.of(fd, SocketFacts.Kind.UNIX);
            }
            if ((domain != AF_INET && domain != AF_INET6) || (type != SOCK_STREAM && type != SOCK_DGRAM)) {
                return SocketFacts.of(fd, SocketFacts.Kind.OTHER_SOCKET);
            }
            StandardProtocolFamily family = domain == AF_INET ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
            InetSocketAddress local = call.address(getsockname, fd);
            if (local == null) {
                throw call.error("getsockname");
            }
            if (type == SOCK_DGRAM) {
                return SocketFacts.udp(fd, family, local);
            }
            int accepting = call.intOption(fd, SO_ACCEPTCONN);
            if (accepting < 0) {
                throw call.error("getsockopt SO_ACCEPTCONN");
            }
            InetSocketAddress remote = null;
            if (accepting == 0) {
                remote = call.address(getpeername, fd);
                if (remote == null && call.errno() != ENOTCONN) {
                    throw call.error("getpeername");
                }
            }
            return SocketFacts.tcp(fd, family, accepting != 0, local, remote);
        }
    }

    /** What {@code /proc} says the descriptor is: a path, {@code pipe:[N]}, {@code socket:[N]}. */
    private static String link(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null; // closed meanwhile, or no /proc: the error says less, but still what to do
        }
    }

    @Override
    public HandedOver take(SocketFacts facts, Classifier.Shape shape, String name) throws IOException {
        try {
            FileDescriptor fd = (FileDescriptor) newFD.invokeExact(facts.fd());
            SelectorProvider provider = SelectorProvider.provider();
            return switch (shape) {
                case LISTENING -> new HandedOver.Listening(name, (ServerSocketChannel) listening.invoke(provider,
                        (ProtocolFamily) facts.family(), fd, true), facts.local());
                case DATAGRAM -> new HandedOver.Datagram(name, (DatagramChannel) datagram.invoke(provider, fd), facts.local());
                case CONNECTED -> new HandedOver.Connected(name, (SocketChannel) connected.invoke(provider,
                        (ProtocolFamily) facts.family(), fd, (SocketAddress) facts.remote()), facts.local(), facts.remote());
            };
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public int duplicate(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(callState);
            int copy = (int) dup.invokeExact(state, fd);
            if (copy < 0) {
                throw error(state.get(ValueLayout.JAVA_INT, errnoOffset), "dup");
            }
            return copy;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public int descriptorOf(Channel channel) throws IOException {
        try {
            return (int) fdVal.invokeExact(channel);
        } catch (ClassCastException e) {
            throw new IOException("no descriptor for " + channel + ": not one of the JDK's channels", e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void unsetenv(String name) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) unsetenv.invokeExact(arena.allocateFrom(name));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    /** The kernel's reason for {@code errno}, as the exception the JDK would throw. */
    @SuppressWarnings("restricted")
    private SocketException error(int errno, String call) {
        String reason;
        try {
            reason = ((MemorySegment) strerror.invokeExact(errno)).reinterpret(256).getString(0);
        } catch (Throwable e) {
            reason = "errno " + errno;
        }
        return new SocketException(reason + " (" + call + ")");
    }

    /** The buffers of one inspection, and the errno of its last failed call. */
    private final class Call {
        private final MemorySegment state;
        private final MemorySegment value;
        private final MemorySegment length;
        private final MemorySegment address;
        private int errno;

        Call(Arena arena) {
            state = arena.allocate(callState);
            value = arena.allocate(ValueLayout.JAVA_INT);
            length = arena.allocate(ValueLayout.JAVA_INT);
            address = arena.allocate(SOCKADDR_SIZE, 8);
        }

        int errno() {
            return errno;
        }

        SocketException error(String call) {
            return LinuxDescriptors.this.error(errno, call);
        }

        /** The option's value, or -1 with {@link #errno()} set. */
        int intOption(int fd, int option) {
            value.set(ValueLayout.JAVA_INT, 0, 0);
            length.set(ValueLayout.JAVA_INT, 0, (int) value.byteSize());
            int result;
            try {
                result = (int) getsockopt.invokeExact(state, fd, SOL_SOCKET, option, value, length);
            } catch (Throwable e) {
                throw new AssertionError(e);
            }
            if (result != 0) {
                errno = state.get(ValueLayout.JAVA_INT, errnoOffset);
                return -1;
            }
            return value.get(ValueLayout.JAVA_INT, 0);
        }

        /** {@code getsockname} or {@code getpeername}'s address, or null with {@link #errno()} set. */
        InetSocketAddress address(MethodHandle call, int fd) throws IOException {
            length.set(ValueLayout.JAVA_INT, 0, SOCKADDR_SIZE);
            int result;
            try {
                result = (int) call.invokeExact(state, fd, address, length);
            } catch (Throwable e) {
                throw new AssertionError(e);
            }
            if (result != 0) {
                errno = state.get(ValueLayout.JAVA_INT, errnoOffset);
                return null;
            }
            // struct sockaddr_in / sockaddr_in6: family (host order), port (network order), then
            // the IPv4 address; or flow info, the IPv6 address and its scope.
            int family = address.get(ValueLayout.JAVA_SHORT, 0);
            int port = Short.toUnsignedInt(address.get(PORT, 2));
            if (family == AF_INET) {
                return new InetSocketAddress(InetAddress.getByAddress(address.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE)), port);
            }
            if (family == AF_INET6) {
                byte[] bytes = address.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE);
                int scope = address.get(ValueLayout.JAVA_INT, 24);
                InetAddress ip = InetAddress.getByAddress(bytes); // an IPv4-mapped address comes back IPv4
                if (ip instanceof Inet6Address && scope != 0) {
                    ip = Inet6Address.getByAddress(null, bytes, scope);
                }
                return new InetSocketAddress(ip, port);
            }
            throw new SocketException("an address of family " + family + " on descriptor " + fd);
        }
    }
}
