package dev.clock.service;

import dev.clock.net.Listener;
import dev.clock.net.Sockets;
import dev.clock.protocol.ProtocolService;
import dev.clock.protocol.TimeProtocol;
import java.io.IOException;

/** Time ({@code --time}, RFC 868) over TCP and UDP on one port. */
final class TimeDoor implements Door {
    @Override
    public String name() {
        return "time";
    }

    @Override
    public String option() {
        return "--time";
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
        return ProtocolService.on(name(), "RFC 868", sockets.tcp(), sockets.udp(), TimeProtocol::encode, shared.ticker().clock(),
                shared.access());
    }
}
