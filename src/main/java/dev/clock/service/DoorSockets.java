package dev.clock.service;

import dev.clock.activation.HandedOver;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;

/**
 * The sockets a {@link Door}'s listener serves: bound by the service as the door asked, or handed
 * over. A door given one connected client (inetd's {@code nowait}) has neither of the others.
 *
 * @param tcp        its listening socket, or null
 * @param udp        its datagram socket, or null
 * @param client     one client's connection handed over, or null
 * @param handedOver whether they came from systemd or inetd rather than from its options
 */
public record DoorSockets(ServerSocketChannel tcp, DatagramChannel udp, HandedOver.Connected client, boolean handedOver) {

    static DoorSockets bound(ServerSocketChannel tcp, DatagramChannel udp) {
        return new DoorSockets(tcp, udp, null, false);
    }

    /** Closes what it holds, for a door that could not be opened. */
    void close() {
        for (Channel c : new Channel[] {tcp, udp, client == null ? null : client.channel()}) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException e) {
                    // closing is all we wanted
                }
            }
        }
    }
}
