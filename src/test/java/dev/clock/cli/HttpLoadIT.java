package dev.clock.cli;

import static dev.clock.testing.ReportJson.number;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.ClockProcess.Result;
import dev.clock.testing.ClockProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code clock load --sse}: the event stream under load, every data: line checked as the stream's lines are. */
@Timeout(90)
class HttpLoadIT {

    @Test
    void aThousandEventStreamsGetEveryTickInOrder() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "--no-stream", "--http", "0", "-i", "100ms", "-f", "HH:mm:ss.SSS",
                "--max-per-source", "1000", "--max-connect-rate", "1000")) {
            int port = server.awaitServicePort("http");
            Result result = ClockProcess.run(Duration.ofSeconds(60), "load", "--sse", "127.0.0.1:" + port, "-n", "1000",
                    "--rate", "2000", "--settle", "1s", "--hold", "3s", "-i", "100ms", "--pid", Long.toString(server.pid()), "--json");
            assertThat(result.exitCode()).as(result.stdout() + result.stderrText()).isZero();
            String json = result.stdout().strip();
            assertThat(number(json, "connections", "connected")).isEqualTo(1000);
            assertThat(number(json, "connections", "closedEarly")).isZero();
            assertThat(number(json, "sequence", "linesPerConnectionPerSecond")).isBetween(9.0, 11.0);
            assertThat(number(json, "sequence", "malformed")).isZero();
            assertThat(number(json, "lag", "p99Ms")).isBetween(0.0, 250.0);
        }
    }

    @Test
    void aServerThatIsNotAnEventStreamIsNotClean() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0")) {
            int port = server.awaitServicePort("stream");
            Result result = ClockProcess.run(Duration.ofSeconds(30), "load", "--sse", "127.0.0.1:" + port, "-n", "2",
                    "--settle", "200ms", "--hold", "1s");
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stdout()).contains("not an event stream");
        }
    }

}
