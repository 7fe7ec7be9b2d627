package dev.clock.service;

import dev.clock.protocol.DaytimeProtocol;
import dev.clock.protocol.Responder;

/** Daytime ({@code --daytime}, RFC 867) over TCP and UDP on one port, in {@code --daytime-format}. */
final class DaytimeDoor extends ProtocolDoor {
    DaytimeDoor() {
        super("daytime", "--daytime", "RFC 867");
    }

    @Override
    Responder responder(ServeConfig config) {
        return DaytimeProtocol.of(config.daytimeFormat(), config.lines().zone())::encode;
    }
}
