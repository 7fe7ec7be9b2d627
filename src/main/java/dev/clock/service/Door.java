package dev.clock.service;

import dev.clock.net.Listener;
import dev.clock.net.Sockets;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;

/**
 * One service of {@code clock serve}, registered once: its name, the option that sets its port,
 * the sockets it needs, how its listener is made from them (bound by the service, or handed over
 * by systemd or inetd), and what it adds to the metrics. {@link ClockService} opens, starts and
 * stops the list of them in order; a new protocol is one of these and a line in {@link #STANDARD}.
 */
public interface Door {

    /** Its name: the {@code protocol} label of its metrics, and the name of a socket handed over for it. */
    String name();

    /** The option that sets its port, which error messages name. */
    String option();

    /** Its port, or empty when the config does not ask for it. */
    default OptionalInt port(ServeConfig config) {
        return config.port(option());
    }

    /** The TCP socket it listens on, and how it is bound; null for none. */
    Sockets.Options tcp();

    /** The UDP socket it reads, and how it is bound; null for none. Both: one port for the two. */
    Sockets.Options udp();

    /** Its listener, on sockets bound already; it serves from {@link Listener#start()}. */
    Listener open(DoorSockets sockets, Shared shared) throws IOException;

    /** Metrics of its own beyond every listener's, for the listener {@link #open} made. */
    default void registerMetrics(PrometheusRegistry registry, Listener listener) {
    }

    /** The doors of {@code clock serve}, in the order they are opened and started (closed in reverse). */
    List<Door> STANDARD = List.of(
            new StreamDoor(), new DaytimeDoor(), new TimeDoor(), new NtpDoor(), new HttpDoor());
}
