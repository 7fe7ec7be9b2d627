package dev.clock.tick;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One published tick: the interval it names and its line, encoded once for every client.
 *
 * @param slot  the interval's index since the epoch ({@code start / interval}); consecutive ticks
 *              have consecutive slots unless the wall clock stepped
 * @param start the instant the interval begins, the time the line shows
 * @param text  the formatted line, ending in a newline
 */
public record Tick(long slot, Instant start, String text, ByteBuffer encoded) {

    public static Tick of(long slot, Instant start, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // Direct and read-only: the same bytes go to every client without a copy per write.
        ByteBuffer encoded = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
        return new Tick(slot, start, text, encoded);
    }

    /** A buffer of this tick's bytes with a position of its own, for one client's write. */
    public ByteBuffer line() {
        return encoded.duplicate();
    }
}
