package dev.clock.kernel;

import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * The kernel's own time of receipt of what a socket reads (Linux {@code SO_TIMESTAMPNS}), which the
 * JDK does not offer: a time read after a thread wakes from a receive is late by that wake-up.
 *
 * <p>It needs Linux on x86-64 or AArch64, a JDK of 22 or newer (the implementation uses
 * {@code java.lang.foreign}), native access ({@code Enable-Native-Access: ALL-UNNAMED}, as the jar's
 * manifest says) and the JDK channel's descriptor ({@code Add-Exports: java.base/sun.nio.ch}).
 * Without any of them {@link #available()} is empty, {@link #unavailableReason()} says why, and so
 * does the log, once, at DEBUG.
 */
public interface KernelReceive {

    /** The kernel's receive timestamps if this JVM can have them; the same answer for the whole run. */
    static Optional<KernelReceive> available() {
        return KernelReceiveLoader.LOADED.implementation();
    }

    /**
     * Why this JVM cannot have them, in a user's words (such as "native access is not enabled: run
     * with --enable-native-access=ALL-UNNAMED, as the jar's manifest says"); empty if it can.
     */
    static Optional<String> unavailableReason() {
        return KernelReceiveLoader.LOADED.unavailableReason();
    }

    /**
     * Turns the kernel's receive timestamps on for {@code channel} and returns a reader of its
     * datagrams with them. The channel must be bound; it stays the caller's to configure and close.
     *
     * @throws IOException if the kernel refuses the option
     */
    KernelReceiver open(DatagramChannel channel) throws IOException;

    /** As {@link #open(DatagramChannel)}, for a TCP stream: each read's time is that of the last segment read. */
    KernelReceiver open(SocketChannel channel) throws IOException;
}
