package dev.clock.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.net.HostPort;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A whole run against a tiny line server in the test: 20 connections, a line every 100 ms naming its tenth of a second. */
@Timeout(30)
class LoadGeneratorTest {
    private static final int CLIENTS = 20;
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final DateTimeFormatter TENTHS = DateTimeFormatter.ofPattern("HH:mm:ss.S");

    private ServerSocket server;

    @BeforeEach
    void serve() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> tick(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /** The time at once, then a line as each tenth of a second begins (UTC), until the client leaves. */
    private static void tick(Socket s) {
        try (s; OutputStream out = s.getOutputStream()) {
            while (true) {
                out.write((TENTHS.format(LocalTime.now(ZoneOffset.UTC)) + "\n").getBytes(StandardCharsets.US_ASCII));
                Thread.sleep(100 - System.currentTimeMillis() % 100);
            }
        } catch (IOException | InterruptedException e) {
            // the client left
        }
    }

    private LoadConfig config() {
        return new LoadConfig(new HostPort("127.0.0.1", server.getLocalPort()), CLIENTS, 1000, 1, Duration.ofMillis(300),
                Duration.ofMillis(1500), INTERVAL, OptionalLong.empty(), false);
    }

    @Test
    void aRunWithTheBestReceiverReportsWhereItsLagCameFrom() throws Exception {
        Receiver best = Receivers.best();
        LoadReport report = new LoadGenerator(config(), line -> { }, best, 2).run();

        assertThat(report.faults()).as(report.text()).isEmpty();
        assertThat(report.connections().connected()).isEqualTo(CLIENTS);
        assertThat(report.sequence().linesPerConnectionPerSecond()).isBetween(8.0, 11.0);
        assertThat(report.lagSource()).isEqualTo(best.source());
        assertThat(report.lag().p50Ms()).isBetween(0.0, 100.0);
        if (best.source().equals(KernelTimestampReceiver.SOURCE)) {
            assertThat(report.lagKernel()).hasValueSatisfying(kernel -> assertThat(kernel.maxMs()).isBetween(0.0, report.lag().maxMs()));
            assertThat(report.readerDelay()).hasValueSatisfying(delay -> assertThat(delay.p50Ms()).isNotNegative());
            assertThat(report.text()).contains("lag (kernel) ms", "reader delay ms");
        }
    }

    @Test
    void aRunWithoutKernelTimesSaysWhyAndReportsTheReadLagAlone() throws Exception {
        LoadReport report = new LoadGenerator(config(), line -> { }, new ChannelReceiver("the test says so"), 1).run();

        assertThat(report.faults()).as(report.text()).isEmpty();
        assertThat(report.connections().connected()).isEqualTo(CLIENTS);
        assertThat(report.lagSource()).isEqualTo("read time only, because the test says so");
        assertThat(report.lagKernel()).isEmpty();
        assertThat(report.readerDelay()).isEmpty();
        assertThat(report.lag().p50Ms()).isBetween(0.0, 100.0);
    }
}
