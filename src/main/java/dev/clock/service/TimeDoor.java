package dev.clock.service;

import dev.clock.protocol.Responder;
import dev.clock.protocol.TimeProtocol;

/** Time ({@code --time}, RFC 868) over TCP and UDP on one port. */
final class TimeDoor extends ProtocolDoor {
    TimeDoor() {
        super("time", "--time", "RFC 868");
    }

    @Override
    Responder responder(ServeConfig config) {
        return TimeProtocol::encode;
    }
}
