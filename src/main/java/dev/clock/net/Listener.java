package dev.clock.net;

import java.net.InetSocketAddress;

/**
 * One protocol of {@code clock serve}: the seam every service plugs into. A listener is bound when
 * it is made, so that a port that cannot be had fails before anything serves; it serves from
 * {@link #start()}, and {@link #close()} stops it and ends every client it holds.
 */
public interface Listener extends AutoCloseable {

    /** Its name: the {@code protocol} label of the metrics and the prefix of its log lines. */
    String protocol();

    /** Where it listens: the real port when 0 was asked for. */
    InetSocketAddress address();

    /** What the start line says of it after its address, e.g. {@code tcp and udp}. */
    String description();

    /** What it has done, for the metrics. */
    ServerStats stats();

    /** Clients it holds now; a one-shot protocol (a reply, then the connection or datagram is done) holds none. */
    default int connected() {
        return 0;
    }

    /** Starts serving. */
    void start();

    /** Stops accepting and ends every client it holds. Idempotent; never throws. */
    @Override
    void close();
}
