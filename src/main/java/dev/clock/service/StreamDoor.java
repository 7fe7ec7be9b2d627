package dev.clock.service;

import dev.clock.activation.InetdClient;
import dev.clock.net.Listener;
import dev.clock.net.Sockets;
import dev.clock.server.ClockServer;
import dev.clock.server.ServerConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;

/** The streaming clock ({@code --port}): bound, handed over listening, or one client handed over. */
final class StreamDoor implements Door {
    private static final System.Logger LOG = System.getLogger("clock");

    @Override
    public String name() {
        return "stream";
    }

    @Override
    public String option() {
        return "--port";
    }

    @Override
    public Sockets.Options tcp() {
        return Sockets.Options.receiveBuffer(ClockServer.RECEIVE_BUFFER_BYTES).withBacklog(4096);
    }

    @Override
    public Sockets.Options udp() {
        return null;
    }

    @Override
    public Listener open(DoorSockets sockets, Shared shared) throws IOException {
        ServeConfig config = shared.config();
        if (sockets.client() != null) {
            return InetdClient.serve(sockets.client(), shared.ticker(), config.writeTimeout(), shared.access());
        }
        if (sockets.handedOver()) {
            LOG.log(Level.INFO, "clock serve: serving the stream's listening socket handed over (socket activation): "
                    + "--bind, --port and --reuse-port do not apply to the stream");
        }
        return ClockServer.on(sockets.tcp(), new ServerConfig(config.sequential(), config.maxClients(), config.writeTimeout(),
                config.fanOutThreads()), shared.access(), shared.ticker(), shared.places());
    }
}
