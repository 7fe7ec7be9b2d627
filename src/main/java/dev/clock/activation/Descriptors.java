package dev.clock.activation;

import java.io.IOException;
import java.util.Optional;

/**
 * What Java has no public way to do with a descriptor number it did not open: find what kind of
 * socket it is ({@code getsockopt}, {@code getsockname}, {@code getpeername}) and make it a JDK
 * channel. On Linux with a JDK of 22 or newer, through {@code java.lang.foreign}; elsewhere
 * {@link #available()} is empty, and only the socket on standard input can be taken (the JDK's
 * {@link System#inheritedChannel()}).
 */
interface Descriptors {

    /** This JVM's, or why there is none: the same answer for the whole run. */
    static Optional<Descriptors> available() {
        return DescriptorsLoader.LOADED.implementation();
    }

    /** Why this JVM has none, in a user's words; empty if it has them. */
    static Optional<String> unavailableReason() {
        return DescriptorsLoader.LOADED.unavailableReason();
    }

    /**
     * What descriptor {@code fd} is, read from the kernel; nothing is taken or changed.
     *
     * @throws IOException only for a failure of the reading itself; a closed descriptor or one
     *     that is no socket is an answer ({@link SocketFacts.Kind})
     */
    SocketFacts inspect(int fd) throws IOException;

    /**
     * The JDK channel that owns descriptor {@code fd} from now on (its close closes the
     * descriptor), for a socket {@link Classifier} found to have {@code shape}.
     */
    HandedOver take(SocketFacts facts, Classifier.Shape shape, String name) throws IOException;

    /** A new descriptor for the same socket as {@code fd} ({@code dup}): for the tests, which hand over sockets they opened. */
    int duplicate(int fd) throws IOException;

    /** The descriptor of a JDK channel: to ask the kernel about the one on standard input, and for the tests. */
    int descriptorOf(java.nio.channels.Channel channel) throws IOException;

    /**
     * Removes {@code name} from this process's C environment ({@code unsetenv}), as
     * {@code sd_listen_fds(1)} does for {@code LISTEN_*}, so that what it starts natively does
     * not inherit them. {@link System#getenv()} is a copy made at start and keeps them.
     */
    void unsetenv(String name);
}
