package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.ClockProcess;
import dev.clock.testing.ExternalTool;
import java.io.BufferedReader;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real client that is not ours, Debian's netcat-openbsd, reading {@code clock serve}. */
@Timeout(60)
class NetcatInteropIT {

    @Test
    void openbsdNetcatReadsTheClock() throws Exception {
        String nc = ExternalTool.require("nc", "netcat-openbsd");
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0")) {
            int port = server.awaitListeningPort();
            Process client = new ProcessBuilder(nc, "127.0.0.1", Integer.toString(port))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            try (BufferedReader out = client.inputReader(StandardCharsets.US_ASCII)) {
                String first = out.readLine();
                String second = out.readLine();
                String third = out.readLine();

                ServeCommandIT.assertCloseToNow(first, java.time.ZoneId.systemDefault());
                assertThat(Duration.between(LocalTime.parse(second), LocalTime.parse(third))).isEqualTo(Duration.ofSeconds(1));
            } finally {
                client.destroy();
            }
        }
    }
}
