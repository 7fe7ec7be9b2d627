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
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A whole run against a tiny line server in the test: 20 connections, a line every 50 ms naming its
 * hundredth of a second. The interval and windows are short so that the two runs take about a second.
 */
@Timeout(30)
class LoadGeneratorTest {
    private static final int CLIENTS = 20;
    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final DateTimeFormatter HUNDREDTHS = DateTimeFormatter.ofPattern("HH:mm:ss.SS");
    private static final double LINES_PER_SECOND = 1e3 / INTERVAL.toMillis();

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

    /**
     * The time at once, then a line as each interval begins (UTC), until the client leaves. Each line
     * names the interval it was due for, as the clock server's do: a wake-up late on a busy machine
     * makes a line late, not a skip.
     */
    private static void tick(Socket s) {
        long interval = INTERVAL.toMillis();
        try (s; OutputStream out = s.getOutputStream()) {
            for (long due = System.currentTimeMillis() / interval * interval; ; due += interval) {
                LocalTime named = LocalTime.ofNanoOfDay(Math.floorMod(due, 86_400_000L) * 1_000_000L);
                out.write((HUNDREDTHS.format(named) + "\n").getBytes(StandardCharsets.US_ASCII));
                Thread.sleep(Math.max(0, due + interval - System.currentTimeMillis()));
            }
        } catch (IOException | InterruptedException e) {
            // the client left
        }
    }

    private LoadConfig config() {
        return new LoadConfig(new HostPort("127.0.0.1", server.getLocalPort()), CLIENTS, 1000, 1, Duration.ofMillis(150),
                Duration.ofMillis(500), INTERVAL, OptionalLong.empty(), false);
    }

    @Test
    void aRunWithTheBestReceiverReportsWhereItsLagCameFrom() throws Exception {
        Receiver best = Receivers.best();
        LoadReport report = new LoadGenerator(config(), line -> { }, best, 2).run();

        assertThat(report.faults()).as(report.text()).isEmpty();
        assertThat(report.connections().connected()).isEqualTo(CLIENTS);
        assertThat(report.sequence().linesPerConnectionPerSecond()).isBetween(0.8 * LINES_PER_SECOND, 1.1 * LINES_PER_SECOND);
        assertThat(report.lagSource()).isEqualTo(best.source());
        assertThat(report.lag().p50Ms()).isBetween(0.0, (double) INTERVAL.toMillis());
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
        assertThat(report.lag().p50Ms()).isBetween(0.0, (double) INTERVAL.toMillis());
    }
}
