package dev.clock.http;

import dev.clock.broadcast.TickEncoding;
import dev.clock.tick.Tick;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A tick as a Server-Sent Event: {@code id:} its interval's number (the epoch second, at one
 * second), {@code data:} the very line the stream sends, then the empty line that ends an event.
 * The line's newline is the stream's framing, not its text, so it is left out; the line itself
 * has none inside (a format with a control character is refused), so one {@code data:} holds it.
 */
final class EventStreamEncoding implements TickEncoding {
    /** Sent once, after the response head: how long a browser waits before it reconnects. */
    static final String RETRY = "retry: 1000\n\n";

    @Override
    public ByteBuffer encode(Tick tick) {
        String line = tick.text().endsWith("\n") ? tick.text().substring(0, tick.text().length() - 1) : tick.text();
        byte[] bytes = ("id: " + tick.slot() + "\ndata: " + line + "\n\n").getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }
}
