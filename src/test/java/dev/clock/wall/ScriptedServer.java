package dev.clock.wall;

import dev.clock.net.HostPort;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A clock server a test scripts: on loopback, a free port, each connection served by the script
 * given its number (0 for the first), on a virtual thread of its own.
 */
final class ScriptedServer implements AutoCloseable {
    interface Script {
        void serve(int connection, OutputStream out) throws Exception;
    }

    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    ScriptedServer(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Socket s = server.accept();
                    sockets.add(s);
                    int n = accepted.getAndIncrement();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            script.serve(n, s.getOutputStream());
                        } catch (Exception e) {
                            // the wall hung up, or the test is over
                        }
                    });
                }
            } catch (IOException e) {
                // closed
            }
        });
    }

    ClockSpec clock(String name) {
        return new ClockSpec(name, new HostPort("127.0.0.1", server.getLocalPort()));
    }

    /** Connections taken so far. */
    int accepted() {
        return accepted.get();
    }

    static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.flush();
    }

    /** Holds the connection open until the test closes the server. */
    static void hold() throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
