package dev.clock.service;

import dev.clock.net.Listener;
import dev.clock.net.Sockets;
import dev.clock.protocol.DaytimeProtocol;
import dev.clock.protocol.ProtocolService;
import java.io.IOException;

/** Daytime ({@code --daytime}, RFC 867) over TCP and UDP on one port. */
final class DaytimeDoor implements Door {
    @Override
    public String name() {
        return "daytime";
    }

    @Override
    public String option() {
        return "--daytime";
    }

    @Override
    public Sockets.Options tcp() {
        return ProtocolService.TCP;
    }

    @Override
    public Sockets.Options udp() {
        return ProtocolService.UDP;
    }

    @Override
    public Listener open(DoorSockets sockets, Shared shared) throws IOException {
        DaytimeProtocol daytime = DaytimeProtocol.of(shared.config().daytimeFormat(), shared.config().lines().zone());
        return ProtocolService.on(name(), "RFC 867", sockets.tcp(), sockets.udp(), daytime::encode, shared.ticker().clock(),
                shared.access());
    }
}
