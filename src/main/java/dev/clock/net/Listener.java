package dev.clock.net;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One protocol of {@code clock serve}: the seam every service plugs into. A listener is given its
 * sockets bound (by the service, so that a port that cannot be had fails before anything serves,
 * or by systemd or inetd); it serves from {@link #start()}, and {@link #close()} stops it and ends
 * every client it holds.
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

    /**
     * Completes when it has nothing left to serve without being closed: the one client of a
     * connection handed over (inetd's {@code nowait}) has gone. A listener of a port never does.
     */
    default CompletionStage<Void> ended() {
        return new CompletableFuture<>();
    }

    /** Which of its stats can ever move: the metrics export those alone. */
    default Counts counts() {
        return Counts.ALL;
    }

    /** Starts serving. */
    void start();

    /** Stops accepting and ends every client it holds. Idempotent; never throws. */
    @Override
    void close();
}
