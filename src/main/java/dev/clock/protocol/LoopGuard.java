package dev.clock.protocol;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which datagrams the UDP responders of one process leave unanswered, so that a forged source
 * cannot set them answering another service, or each other, forever (the Loop DoS class,
 * CVE-2024-2169). Clients send from ports of 1024 and up; below that are the services a reply
 * could start talking to (Echo 7, Daytime 13, Chargen 19, Time 37, NTP 123, ...). The process's own
 * UDP ports are refused too, whatever their number: they are services as well, and the same
 * numbers on a peer configured alike.
 *
 * <p>One guard is shared by every UDP responder of a process; each adds its port as it binds, so
 * each knows the others' without an order of binding.
 */
public final class LoopGuard {
    /** The first port a client sends from: the ports below are the well-known services'. */
    static final int FIRST_CLIENT_PORT = 1024;

    private final Set<Integer> ownPorts = ConcurrentHashMap.newKeySet();

    /** A UDP port this process serves on. */
    void own(int port) {
        ownPorts.add(port);
    }

    /** Whether a datagram from {@code sourcePort} may be answered. */
    boolean answers(int sourcePort) {
        return sourcePort >= FIRST_CLIENT_PORT && !ownPorts.contains(sourcePort);
    }
}
