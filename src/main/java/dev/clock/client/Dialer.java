package dev.clock.client;

import dev.clock.net.HostPort;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/** Dials a server and turns each way it can fail into a one-line reason. */
public final class Dialer {
    private Dialer() {
    }

    public static Socket dial(HostPort target, Duration timeout) throws ConnectFailedException {
        InetAddress address;
        try {
            address = InetAddress.getByName(target.host());
        } catch (UnknownHostException e) {
            throw new ConnectFailedException(target, "unknown host", e);
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
            throw new ConnectFailedException(target, reason(e), e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (e instanceof ConnectException && e.getMessage() != null && e.getMessage().startsWith("Connection refused")) {
            return "connection refused";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.toLowerCase(java.util.Locale.ROOT);
    }
}
