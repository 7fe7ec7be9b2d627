package dev.clock.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The kernel's own account of a loopback TCP connection, from /proc/net/tcp. */
final class ProcNetTcp {
    private ProcNetTcp() {
    }

    /** Bytes received and not yet read on the server's end of the connection from {@code clientPort}. */
    static long receiveQueueOf(int serverPort, int clientPort) throws IOException {
        String local = String.format(":%04X", serverPort);
        String remote = String.format(":%04X", clientPort);
        // A dual-stack listener's IPv4 connections are listed in tcp6, as ::ffff:127.0.0.1.
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // f[1] local address:port, f[2] remote address:port, f[4] tx_queue:rx_queue
                if (f[1].endsWith(local) && f[2].endsWith(remote)) {
                    return Long.parseLong(f[4].split(":")[1], 16);
                }
            }
        }
        throw new AssertionError("no connection from port " + clientPort + " to " + serverPort + " in /proc/net/tcp");
    }
}
