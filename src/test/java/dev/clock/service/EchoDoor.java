package dev.clock.service;

import dev.clock.net.Listener;
import dev.clock.net.Refusal;
import dev.clock.net.ServerStats;
import dev.clock.net.Sockets;
import dev.clock.tcp.Admission;
import dev.clock.tcp.Connection;
import dev.clock.tcp.ConnectionHandler;
import dev.clock.tcp.TcpListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalInt;

/** Echo (RFC 862) over TCP, a door that exists only here: all that adding a protocol takes. */
final class EchoDoor implements Door {
    private final int port;

    EchoDoor(int port) {
        this.port = port;
    }

    @Override public String name() { return "echo"; }

    @Override public String option() { return "--echo"; }

    @Override public OptionalInt port(ServeConfig config) { return OptionalInt.of(port); }

    @Override public Sockets.Options tcp() { return Sockets.Options.receiveBuffer(0); }

    @Override public Sockets.Options udp() { return null; }

    @Override
    public Listener open(DoorSockets sockets, Shared shared) throws IOException {
        return TcpListener.serving(sockets.tcp(), name(), new Echo(), new Admission(name(), shared.access(), shared.places()),
                new ServerStats());
    }

    /** Sends back what it is sent until the client closes, from a buffer of its own: bounded whatever it sends. */
    private record Echo() implements ConnectionHandler {
        @Override public String description() { return "RFC 862"; }

        @Override public Dispatch dispatch() { return Dispatch.VIRTUAL_THREAD; }

        @Override public byte[] refusal(Refusal why) { return null; }

        @Override
        public boolean serve(Connection connection) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(1024);
            while (connection.channel().read(buffer.clear()) >= 0) {
                for (buffer.flip(); buffer.hasRemaining(); ) {
                    connection.channel().write(buffer);
                }
            }
            return false;
        }
    }
}
