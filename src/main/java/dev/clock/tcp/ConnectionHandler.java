package dev.clock.tcp;

import dev.clock.net.Refusal;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A protocol on a {@link TcpListener}: what it does with a connection once the listener has
 * admitted it, and what it tells one it turns away. The listener owns the rest (accepting, the
 * access check, the place, the refusal, the end), so a protocol is only this.
 */
public interface ConnectionHandler {

    /** Where {@link #serve} runs. */
    enum Dispatch {
        /** On the accepting thread: {@code serve} never blocks (or blocks on purpose: one client at a time). */
        ACCEPTOR,
        /** On a virtual thread of its own, which may block on its client. */
        VIRTUAL_THREAD
    }

    /** What the start line says of it after its address. */
    String description();

    Dispatch dispatch();

    /** Whether it fans ticks out to its clients, and counts them. */
    default boolean fansOut() {
        return false;
    }

    /** Socket options of a new connection, set before it is admitted or refused. */
    default void configure(SocketChannel channel) throws IOException {
    }

    /** The bytes a client turned away for {@code why} is sent, or null to close it without a word. */
    byte[] refusal(Refusal why);

    /**
     * When every place is taken: gives departures already under way a moment to be seen, and may
     * make room by ending a connection that holds a place for the least use.
     *
     * @return whether it ended one, whose place comes back as its end is seen
     */
    default boolean catchUp(Duration timeout) {
        return false;
    }

    /** Begins whatever serves its clients besides {@link #serve} (a fan-out); before the first connection. */
    default void start() {
    }

    /**
     * Serves an admitted connection, on the thread {@link #dispatch()} says.
     *
     * @return false when its serving is over and the listener is to end it and free its place; true
     *         when it handed it over to something that will close it and call {@link Connection#leave()}
     *         as the client's end is seen (an event stream, the stream's broadcast)
     * @throws IOException when the client went away; the listener ends the connection
     */
    boolean serve(Connection connection) throws IOException;

    /**
     * Stops: ends every connection it was handed. Called once, after the listener stopped
     * accepting and before it ends the connections still in {@link #serve}. Never throws.
     */
    default void close() {
    }
}
