package dev.clock.ntp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.access.AccessPolicy;
import dev.clock.testing.ExternalTool;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** chronyd, Debian's NTP daemon, measuring its clock against ours once ({@code -Q}) and exiting. */
@Timeout(60)
class ChronyTest {
    static final AccessPolicy OPEN = new AccessPolicy(AccessPolicy.Rules.open());
    private static final Pattern OFFSET = Pattern.compile("System clock wrong by (-?\\d+\\.\\d+) seconds");

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void chronydMeasuresAnOffsetUnderAMillisecondOnLoopback(String host) throws Exception {
        String chronyd = ExternalTool.require("chronyd", "chrony");
        try (NtpServer server = NtpServer.bind(new InetSocketAddress(InetAddress.getByName(host), 0),
                InstantSource.system(), NtpConfig.DEFAULTS, OPEN)) {
            server.start();
            // -Q: measure, never set the clock; -f /dev/null: no configuration but this one source.
            List<String> command = List.of(chronyd, "-Q", "-t", "10", "-u", "root", "-f", "/dev/null",
                    "server " + host + " port " + server.address().getPort() + " iburst");
            Process chrony = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out;
            try {
                out = new String(chrony.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(chrony.waitFor(20, TimeUnit.SECONDS)).as("chronyd exits by itself").isTrue();
            } finally {
                chrony.destroyForcibly(); // never leave a chronyd behind
            }
            assertThat(chrony.exitValue()).as(out).isZero();
            Matcher m = OFFSET.matcher(out);
            assertThat(m.find()).as("chronyd reports an offset in:%n%s", out).isTrue();
            double offset = Double.parseDouble(m.group(1));
            System.out.printf("ntp: chronyd against %s: offset %+.6f s%n", host, offset);
            assertThat(Math.abs(offset)).as("offset in seconds").isLessThan(0.001);
            assertThat(server.stats().lineCount()).isPositive();
            assertThat(server.kissOfDeathCount()).isZero();
        }
    }
}
