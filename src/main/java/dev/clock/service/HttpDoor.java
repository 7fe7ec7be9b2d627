package dev.clock.service;

import dev.clock.http.ClockWeb;
import dev.clock.http.HttpListener;
import dev.clock.http.HttpSettings;
import dev.clock.net.Listener;
import dev.clock.net.Sockets;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The page for browsers ({@code --http}): HTTP with its event stream. */
final class HttpDoor implements Door {
    @Override
    public String name() {
        return "http";
    }

    @Override
    public String option() {
        return "--http";
    }

    @Override
    public Sockets.Options tcp() {
        return Sockets.Options.receiveBuffer(HttpListener.RECEIVE_BUFFER_BYTES);
    }

    @Override
    public Sockets.Options udp() {
        return null;
    }

    @Override
    public Listener open(DoorSockets sockets, Shared shared) throws IOException {
        ServeConfig config = shared.config();
        HttpSettings settings = HttpSettings.at((InetSocketAddress) sockets.tcp().getLocalAddress(), config.writeTimeout(),
                config.fanOutThreads());
        return HttpListener.on(sockets.tcp(), settings, ClockWeb.site(shared.ticker(), config.lines()), shared.places(),
                shared.access());
    }
}
