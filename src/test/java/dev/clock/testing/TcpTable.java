package dev.clock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The kernel's own account of loopback TCP connections: /proc/net/tcp, and {@code ss} for what /proc lacks. */
public final class TcpTable {
    private static final Pattern BYTES_RECEIVED = Pattern.compile("bytes_received:(\\d+)");

    private TcpTable() {
    }

    /** Bytes received and not yet read on the server's end of the connection from {@code clientPort}. */
    public static long receiveQueueOf(int serverPort, int clientPort) {
        return queues(serverPort, clientPort)[1];
    }

    /** Bytes the server's end of the connection from {@code clientPort} holds unsent or unacknowledged. */
    public static long sendQueueOf(int serverPort, int clientPort) {
        return queues(serverPort, clientPort)[0];
    }

    private static long[] queues(int serverPort, int clientPort) {
        String local = String.format(":%04X", serverPort);
        String remote = String.format(":%04X", clientPort);
        for (String[] f : rows()) {
            // f[1] local address:port, f[2] remote address:port, f[4] tx_queue:rx_queue
            if (f[1].endsWith(local) && f[2].endsWith(remote)) {
                String[] q = f[4].split(":");
                return new long[] {Long.parseLong(q[0], 16), Long.parseLong(q[1], 16)};
            }
        }
        throw new AssertionError("no connection from port " + clientPort + " to " + serverPort + " in /proc/net/tcp");
    }

    /**
     * Connections whose server end, on {@code serverPort}, a process still holds open: every state
     * but LISTEN and TIME_WAIT (which no descriptor holds). A leaked exchange stays here in
     * CLOSE_WAIT; unlike a count of the process's descriptors, other tests' sockets do not.
     */
    public static long heldConnectionsOn(int serverPort) {
        String local = String.format(":%04X", serverPort);
        long held = 0;
        for (String[] f : rows()) {
            // f[3] the state: 0A LISTEN, 06 TIME_WAIT
            if (f[1].endsWith(local) && !f[3].equals("0A") && !f[3].equals("06")) {
                held++;
            }
        }
        return held;
    }

    /**
     * Whether the server's end, on {@code serverPort}, of the connection from {@code clientPort} is
     * still established. A server that closed it while its data waits for a client that does not
     * read leaves it in FIN_WAIT1 (the FIN queued behind the data), or gone if it reset it: either
     * way not established, though the client's end may still look so.
     */
    public static boolean serverEndEstablished(int serverPort, int clientPort) {
        String local = String.format(":%04X", serverPort);
        String remote = String.format(":%04X", clientPort);
        for (String[] f : rows()) {
            // f[3] the state: 01 ESTABLISHED
            if (f[1].endsWith(local) && f[2].endsWith(remote)) {
                return f[3].equals("01");
            }
        }
        return false;
    }

    /** Every connection the kernel lists, split into fields; a dual-stack socket's IPv4 ones are in tcp6. */
    private static List<String[]> rows() {
        List<String[]> rows = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            for (String line : lines.subList(1, lines.size())) {
                rows.add(line.trim().split("\\s+"));
            }
        }
        return rows;
    }

    /** Bytes the server's ends of its established connections on {@code serverPort} have received, from {@code ss -ti}. */
    public static long bytesReceivedBy(int serverPort) {
        try {
            Process ss = new ProcessBuilder("ss", "-tinH", "state", "established", "( sport = :" + serverPort + " )")
                    .redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ss.waitFor(10, TimeUnit.SECONDS)) {
                ss.destroyForcibly();
                throw new AssertionError("ss did not finish");
            }
            long total = 0;
            for (Matcher m = BYTES_RECEIVED.matcher(out); m.find(); ) {
                total += Long.parseLong(m.group(1));
            }
            return total;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
