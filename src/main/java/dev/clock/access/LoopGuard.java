package dev.clock.access;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;

/**
 * Which source ports the UDP doors of one process leave unanswered, so that a forged source cannot
 * set them answering another service, or each other, or themselves, forever (the Loop DoS class,
 * CVE-2024-2169). One rule for every door:
 * <ul>
 * <li>port 0, and the well-known services' ports below 1024 (Echo 7, Daytime 13, Chargen 19, Time
 *     37, NTP 123, ...), are {@link Risk#SERVICE_PORT}: clients send from 1024 and up;</li>
 * <li>every (address, port) a door of this process serves on is {@link Risk#OWN}: each door
 *     registers its own as it binds ({@link #own}), a wildcard one as every local address;</li>
 * <li>the port numbers of those doors are services' too, from any address
 *     ({@link Risk#SERVICE_PORT}): a peer configured alike serves on the same numbers;</li>
 * <li>except that a door whose protocol's clients send from its well-known port ({@link #allowing}:
 *     ntpd sends its requests from 123) answers that port from any address but our own. NTP can
 *     afford it: it never answers a reply, so two NTP servers cannot keep each other talking.</li>
 * </ul>
 * One registry is shared by every door of a process (every view made by {@link #allowing} shares
 * it), so that each knows the others' ports without an order of binding. Checking allocates nothing.
 */
public final class LoopGuard {
    /** The first port a client sends from: the ports below are the well-known services'. */
    public static final int FIRST_CLIENT_PORT = 1024;
    private static final int NO_PORT = -1;

    /** Why a datagram from a source must not be answered. */
    public enum Risk {
        /** Nothing: a client's port. */
        NONE,
        /** Port 0, a well-known service's port, or one of the numbers this process serves on. */
        SERVICE_PORT,
        /** This process's own address and port: a forged source. */
        OWN
    }

    private final Registry ours;
    private final int clientPort;

    /** A guard with nothing registered yet, whose doors answer no port below 1024. */
    public LoopGuard() {
        this(new Registry(), NO_PORT);
    }

    private LoopGuard(Registry ours, int clientPort) {
        this.ours = ours;
        this.clientPort = clientPort;
    }

    /**
     * This guard, sharing its registry, for a door that answers clients sending from {@code port},
     * below 1024 or one of ours, from any address but this process's own.
     */
    public LoopGuard allowing(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("a port is from 1 to 65535, not " + port);
        }
        return new LoopGuard(ours, port);
    }

    /** A UDP door of this process is bound at {@code bound}; the wildcard address means every local one. */
    public void own(InetSocketAddress bound) {
        ours.add(bound);
    }

    /** The door at {@code bound} is closed: its address and port are no longer ours. */
    public void release(InetSocketAddress bound) {
        ours.remove(bound);
    }

    /** Whether a datagram from {@code source} may be answered, and if not, why. */
    public Risk risk(InetSocketAddress source) {
        int port = source.getPort();
        if (port == 0) {
            return Risk.SERVICE_PORT;
        }
        if (ours.holds(source)) {
            return Risk.OWN;
        }
        if (port == clientPort) {
            return Risk.NONE;
        }
        return port < FIRST_CLIENT_PORT || ours.ports.has(port) ? Risk.SERVICE_PORT : Risk.NONE;
    }

    /** Every (address, port) registered; written as doors bind, read by every datagram. */
    private static final class Registry {
        final PortSet ports = new PortSet();
        /** Ports bound on the wildcard address: every local address is ours on them. */
        final PortSet everywhere = new PortSet();
        final Set<InetSocketAddress> exact = ConcurrentHashMap.newKeySet();
        volatile Set<InetAddress> local = Set.of();

        void add(InetSocketAddress bound) {
            if (bound.getAddress().isAnyLocalAddress()) {
                local = interfaceAddresses();
                everywhere.add(bound.getPort());
            } else {
                exact.add(bound);
            }
            ports.add(bound.getPort());
        }

        void remove(InetSocketAddress bound) {
            if (bound.getAddress().isAnyLocalAddress()) {
                everywhere.remove(bound.getPort());
            } else {
                exact.remove(bound);
            }
            ports.remove(bound.getPort());
        }

        boolean holds(InetSocketAddress source) {
            if (!ports.has(source.getPort())) {
                return false; // the common case, and cheap
            }
            if (exact.contains(source)) {
                return true;
            }
            InetAddress a = source.getAddress();
            return everywhere.has(source.getPort())
                    && (a.isLoopbackAddress() || a.isAnyLocalAddress() || local.contains(a));
        }

        private static Set<InetAddress> interfaceAddresses() {
            try {
                return NetworkInterface.networkInterfaces()
                        .flatMap(NetworkInterface::inetAddresses)
                        .collect(Collectors.toUnmodifiableSet());
            } catch (SocketException e) {
                return Set.of(); // loopback and the wildcard are still recognised
            }
        }
    }

    /** A set of port numbers, a bit each: read on every datagram without boxing. */
    private static final class PortSet {
        private final AtomicLongArray bits = new AtomicLongArray(65_536 / 64);

        void add(int port) {
            bits.getAndUpdate(port >>> 6, w -> w | 1L << port);
        }

        void remove(int port) {
            bits.getAndUpdate(port >>> 6, w -> w & ~(1L << port));
        }

        boolean has(int port) {
            return (bits.get(port >>> 6) & 1L << port) != 0;
        }
    }
}
