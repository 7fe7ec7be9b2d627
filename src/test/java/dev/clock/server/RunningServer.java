package dev.clock.server;

import dev.clock.access.AccessPolicy;
import dev.clock.tcp.TcpListener;
import dev.clock.tick.TickFormat;
import dev.clock.tick.Ticker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.ZoneOffset;

/** A started stream server on a free loopback port with its own ticker. */
final class RunningServer implements AutoCloseable {
    final Ticker ticker;
    final TcpListener server;

    private RunningServer(Ticker ticker, TcpListener server) {
        this.ticker = ticker;
        this.server = server;
        server.start();
    }

    static RunningServer start(Duration interval, String pattern, boolean sequential, Duration writeTimeout) throws IOException {
        return start(interval, pattern, sequential, 1_000, writeTimeout);
    }

    static RunningServer start(Duration interval, String pattern, boolean sequential, int maxClients, Duration writeTimeout)
            throws IOException {
        Ticker ticker = new Ticker(TickFormat.of(pattern, ZoneOffset.UTC), interval).start();
        ServerConfig config = new ServerConfig(sequential, maxClients, writeTimeout, 2);
        return new RunningServer(ticker, ClockServer.bind(new InetSocketAddress("127.0.0.1", 0), config,
                new AccessPolicy(AccessPolicy.Rules.open()), ticker));
    }

    static RunningServer start(Duration interval) throws IOException {
        return start(interval, "HH:mm:ss.SSS", false, Duration.ofSeconds(10));
    }

    int port() {
        return server.address().getPort();
    }

    @Override
    public void close() {
        server.close();
        ticker.close();
    }
}
