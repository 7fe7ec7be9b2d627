package dev.clock.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;

/**
 * Binding, the one place it is done: channels of the bound address's own family, with the options
 * that must be set before the bind. The JDK opens dual-stack IPv6 sockets by default, and one bound
 * to {@code 0.0.0.0} then listens on IPv6 too, which is not what {@code --bind 0.0.0.0} says; an
 * IPv4 address gets an IPv4 socket, and {@code ::} stays the way to listen on both.
 */
public final class Sockets {
    private Sockets() {
    }

    /**
     * What a socket is bound with.
     *
     * @param receiveBuffer SO_RCVBUF, or 0 for the system's; set before the bind, so that a listening
     *                      socket's accepted connections inherit it and their window is sized to it
     * @param backlog       connections the kernel queues until they are accepted (TCP only)
     * @param reusePort     share the port with every other socket of the same user that asks too
     *                      (SO_REUSEPORT): the kernel spreads connections, and datagrams, over them
     */
    public record Options(int receiveBuffer, int backlog, boolean reusePort) {
        public static Options receiveBuffer(int bytes) {
            return new Options(bytes, 1024, false);
        }

        public Options withReusePort(boolean share) {
            return new Options(receiveBuffer, backlog, share);
        }

        public Options withBacklog(int connections) {
            return new Options(receiveBuffer, connections, reusePort);
        }
    }

    public static ServerSocketChannel openServer(InetAddress address) throws IOException {
        return ServerSocketChannel.open(family(address));
    }

    public static DatagramChannel openDatagram(InetAddress address) throws IOException {
        return DatagramChannel.open(family(address));
    }

    /** A listening TCP socket at {@code address} (port 0: a free one). */
    public static ServerSocketChannel listen(InetSocketAddress address, Options options) throws IOException {
        ServerSocketChannel channel = openServer(address.getAddress());
        try {
            // Rebinding a port whose connections linger in TIME_WAIT, as every TCP server does.
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            prepare(channel, options);
            channel.bind(address, options.backlog());
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * A UDP socket bound at {@code address} (port 0: a free one). Without SO_REUSEADDR, which for
     * UDP would let a second socket bind the same port in silence: only {@code reusePort} shares it.
     */
    public static DatagramChannel datagram(InetSocketAddress address, Options options) throws IOException {
        DatagramChannel channel = openDatagram(address.getAddress());
        try {
            prepare(channel, options);
            channel.bind(address);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void prepare(NetworkChannel channel, Options options) throws IOException {
        if (options.receiveBuffer() > 0) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBuffer());
        }
        if (options.reusePort()) {
            SocketOption<Boolean> share = StandardSocketOptions.SO_REUSEPORT;
            if (!channel.supportedOptions().contains(share)) {
                throw new IOException("this system cannot share a port between processes (no SO_REUSEPORT)");
            }
            // Only before bind: a socket joins a port's group as it binds.
            channel.setOption(share, true);
        }
    }

    private static ProtocolFamily family(InetAddress address) {
        return address instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }
}
