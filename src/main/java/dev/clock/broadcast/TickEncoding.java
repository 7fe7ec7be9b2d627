package dev.clock.broadcast;

import dev.clock.tick.Tick;
import java.nio.ByteBuffer;

/**
 * The bytes a {@link Broadcast} writes to each of its clients for one tick: computed once per tick,
 * then written to every client. The stream sends the tick's line as it is; the HTTP listener wraps
 * it as a Server-Sent Event.
 */
@FunctionalInterface
public interface TickEncoding {
    /** The stream's own: the line, as the tick encoded it. */
    TickEncoding LINE = Tick::bytes;

    /** The bytes for {@code tick}, from position 0 to the limit; the buffer is never written to. */
    ByteBuffer encode(Tick tick);
}
