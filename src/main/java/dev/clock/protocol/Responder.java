package dev.clock.protocol;

import java.nio.ByteBuffer;
import java.time.Instant;

/** A protocol's whole answer to one request: the bytes for the time of the request. */
@FunctionalInterface
public interface Responder {
    ByteBuffer reply(Instant now);
}
