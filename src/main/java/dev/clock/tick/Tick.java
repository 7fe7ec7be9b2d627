package dev.clock.tick;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One published tick: the interval it names and its line, encoded once for every client.
 *
 * @param seq     the order of publication: strictly increasing, even when the wall clock steps back
 * @param slot    the interval's index since the epoch ({@code start / interval}); consecutive ticks
 *                have consecutive slots unless the wall clock stepped
 * @param start   the instant the interval begins, the time the line shows
 * @param text    the formatted line, ending in a newline
 * @param encoded the line's bytes, direct and read-only: take a view with {@link #bytes()} to write them
 */
public record Tick(long seq, long slot, Instant start, String text, ByteBuffer encoded) {

    public static Tick of(long seq, long slot, Instant start, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // Direct: written to every client with no copy into a native buffer on the way.
        ByteBuffer encoded = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
        return new Tick(seq, slot, start, text, encoded);
    }

    /** A view of the line's bytes with a position of its own; reset it with {@code position(0)} to reuse it. */
    public ByteBuffer bytes() {
        return encoded.duplicate();
    }

    /** How many bytes the line is. */
    public int length() {
        return encoded.limit();
    }
}
