package dev.clock.service;

import dev.clock.net.Listener;
import dev.clock.net.Sockets;
import dev.clock.protocol.ProtocolService;
import dev.clock.protocol.Responder;
import java.io.IOException;

/**
 * One of inetd's small clock services (Daytime, Time): TCP and UDP on one port, one reply each,
 * read from the ticker's clock. A door of this kind differs only in its names and its reply.
 */
abstract class ProtocolDoor implements Door {
    private final String name;
    private final String option;
    private final String standard;

    ProtocolDoor(String name, String option, String standard) {
        this.name = name;
        this.option = option;
        this.standard = standard;
    }

    /** What it answers with, as the options say. */
    abstract Responder responder(ServeConfig config);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String option() {
        return option;
    }

    @Override
    public final Sockets.Options tcp() {
        return ProtocolService.TCP;
    }

    @Override
    public final Sockets.Options udp() {
        return ProtocolService.UDP;
    }

    @Override
    public final Listener open(DoorSockets sockets, Shared shared) throws IOException {
        return ProtocolService.on(name, standard, sockets.tcp(), sockets.udp(), responder(shared.config()),
                shared.ticker().clock(), shared.access());
    }
}
