package dev.clock.client;

import dev.clock.net.HostPort;
import dev.clock.net.Reasons;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Dials a server and turns each way it can fail into a one-line reason. */
public final class Dialer {
    private Dialer() {
    }

    public static Socket dial(HostPort target, Duration timeout) throws ConnectFailedException {
        InetAddress address;
        try {
            address = InetAddress.getByName(target.host());
        } catch (IOException e) {
            throw new ConnectFailedException(target, Reasons.of(e), e);
        }
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address, target.port()), Math.toIntExact(timeout.toMillis()));
            return socket;
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the reason that matters is the connect's
            }
            throw new ConnectFailedException(target, Reasons.of(e), e);
        }
    }
}
