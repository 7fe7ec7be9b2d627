package dev.clock.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;

/**
 * Channels of the bound address's own family. The JDK opens dual-stack IPv6 sockets by default,
 * and one bound to {@code 0.0.0.0} then listens on IPv6 too, which is not what {@code --bind
 * 0.0.0.0} says; an IPv4 address gets an IPv4 socket, and {@code ::} stays the way to listen on both.
 */
public final class Sockets {
    private Sockets() {
    }

    public static ServerSocketChannel openServer(InetAddress address) throws IOException {
        return ServerSocketChannel.open(family(address));
    }

    public static DatagramChannel openDatagram(InetAddress address) throws IOException {
        return DatagramChannel.open(family(address));
    }

    private static ProtocolFamily family(InetAddress address) {
        return address instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }
}
