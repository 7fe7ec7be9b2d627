package dev.clock.broadcast;

import dev.clock.net.ServerStats;
import dev.clock.tick.Tick;
import dev.clock.tick.TickListener;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The clients of one listener that get every tick, and what serves them: the {@link FanOut} that
 * writes each tick's bytes to all of them from a few platform threads, the {@link ClientInput}
 * that reads what they send and sees them leave, and the sweep that drops those that stopped
 * reading. The stream uses it with the bare line; the HTTP listener with the line as a
 * Server-Sent Event, once its own thread has read the request and written the response head.
 * Each tick is encoded once for all of its clients.
 */
public final class Broadcast implements TickListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Broadcast.class.getName());
    /** How long a stop waits for the clients' connections to be closed. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);
    /** The stalled-client sweep's least period: a tiny write timeout must not make an idle server spin. */
    static final Duration MIN_SWEEP_PERIOD = Duration.ofMillis(50);
    static final Duration MAX_SWEEP_PERIOD = Duration.ofSeconds(1);

    /** Input read from one client beyond which it is read no more (see {@link ClientInput}). */
    public static final int INPUT_LIMIT_BYTES = ClientHandler.INPUT_LIMIT_BYTES;
    /** Clients each fan-out worker writes to per call, for the JIT's sake (see {@link FanOut}). */
    public static final int BATCH = FanOut.BATCH;

    private record Encoded(Tick tick, ByteBuffer bytes) {
    }

    private final String protocol;
    private final TickEncoding encoding;
    private final Duration writeTimeout;
    private final ServerStats stats;
    private final Clients clients;
    private final FanOut fanOut;
    private final ClientInput input;
    private final Thread sweeper;
    /** The last tick encoded and its bytes: a tick is encoded once, whoever asks first. */
    private volatile Encoded last;
    private volatile boolean closed;
    /** Clients admitted so far. */
    private long admitted;

    /**
     * @param protocol      its listener's name, for its log lines
     * @param fanOutThreads threads that write each tick, each to its own share of the clients
     * @param writeTimeout  how long a remainder may wait unsent before its client is dropped as stalled
     * @throws IOException if the selector for the clients' input cannot be opened
     */
    public Broadcast(String protocol, TickEncoding encoding, int fanOutThreads, Duration writeTimeout, ServerStats stats)
            throws IOException {
        this.protocol = protocol;
        this.encoding = encoding;
        this.writeTimeout = writeTimeout;
        this.stats = stats;
        this.input = new ClientInput();
        // Loaded now, not on a client's first departure: out of descriptors, a class file that
        // is not in an open jar cannot be opened, and the departure would fail.
        ClientHandler.Ending.values();
        this.clients = new Clients(fanOutThreads, stats);
        this.fanOut = new FanOut(clients, stats, this::encoded);
        this.sweeper = Thread.ofVirtual().name("clock-stalled-sweep-" + protocol).unstarted(this::sweepStalled);
    }

    /** Starts reading the clients' input and sweeping for stalled ones; ticks come through {@link #onTick}. */
    public void start() {
        input.start();
        sweeper.start();
    }

    @Override
    public void onTick(Tick tick) {
        fanOut.onTick(tick);
    }

    /**
     * Takes a client: from now on it is counted and gets every tick. Writes {@code first} on the
     * caller's thread, never blocking, and returns: no thread waits for the client while it is
     * served. The connection is closed when it ends (the client left, stalled, or the server
     * stopped); a caller that is to wait for that waits for what this returns.
     *
     * @param channel  a connected channel in non-blocking mode
     * @param first    the tick under way, its first message
     * @param departed run once, the moment the client's end is seen (before its connection is closed):
     *                 whatever place it held is free from then on
     * @return completes once the connection is closed; never exceptionally
     */
    public CompletionStage<Void> admit(SocketChannel channel, SocketAddress remote, Tick first, Runnable departed) {
        ClientHandler client;
        synchronized (this) {
            client = new ClientHandler(++admitted, channel, remote, first, encoded(first), stats, clients, input, departed);
            clients.add(client);
            if (closed) {
                client.end(ClientHandler.Ending.SERVER_STOPPED); // it came as the listener stopped: it is closed at once
            }
        }
        client.start();
        return client.closed();
    }

    /** Clients served now. */
    public int count() {
        return clients.count();
    }

    /** Returns once the departures that reached the server before this call have been seen, or after {@code timeout}. */
    public void catchUp(Duration timeout) {
        input.catchUp(timeout);
    }

    /** A view of {@code tick}'s bytes as this broadcast sends them. */
    private ByteBuffer encoded(Tick tick) {
        Encoded e = last;
        if (e == null || e.tick() != tick) {
            e = new Encoded(tick, encoding.encode(tick)); // two threads may both encode it: harmless, and rare
            last = e;
        }
        return e.bytes().duplicate();
    }

    /** Sweeps only while some client has a line waiting unsent; otherwise it waits, and costs nothing. */
    private void sweepStalled() {
        Duration period = sweepPeriod(writeTimeout);
        try {
            while (!closed) {
                clients.awaitStalled();
                Thread.sleep(period);
                clients.dropStalled(writeTimeout);
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    /** A tenth of the write timeout, so that a drop comes at most that much late, within bounds. */
    static Duration sweepPeriod(Duration writeTimeout) {
        Duration period = writeTimeout.dividedBy(10);
        if (period.compareTo(MIN_SWEEP_PERIOD) < 0) {
            return MIN_SWEEP_PERIOD;
        }
        return period.compareTo(MAX_SWEEP_PERIOD) > 0 ? MAX_SWEEP_PERIOD : period;
    }

    /** Ends every client and waits, briefly, for their connections to be closed. Idempotent; never throws. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        sweeper.interrupt();
        clients.endAll();
        try {
            if (!clients.awaitClosed(CLOSE_WAIT)) {
                LOG.log(Level.WARNING, protocol + ": some clients were still closing after " + CLOSE_WAIT.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        input.close();
        fanOut.close();
    }
}
