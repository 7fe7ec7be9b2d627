package dev.clock.service;

import dev.clock.metrics.ClockMetrics;
import dev.clock.net.Listener;
import dev.clock.net.Sockets;
import dev.clock.ntp.NtpServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/** NTP server mode ({@code --ntp}, RFC 5905) over UDP. */
final class NtpDoor implements Door {
    @Override
    public String name() {
        return "ntp";
    }

    @Override
    public String option() {
        return "--ntp";
    }

    @Override
    public Sockets.Options tcp() {
        return null;
    }

    @Override
    public Sockets.Options udp() {
        return NtpServer.UDP;
    }

    @Override
    public Listener open(DoorSockets sockets, Shared shared) throws IOException {
        return NtpServer.on(sockets.udp(), shared.ticker().clock(), shared.config().ntp(), shared.access());
    }

    @Override
    public void registerMetrics(PrometheusRegistry registry, Listener listener) {
        ClockMetrics.registerNtp(registry, (NtpServer) listener);
    }
}
