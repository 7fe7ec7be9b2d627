package dev.clock.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DaytimeProtocolTest {
    /** RFC 867's example instant (the RFC calls that Monday a Tuesday). */
    private static final Instant RFC_EXAMPLE = Instant.parse("1982-02-23T01:37:43Z");

    @Test
    void theDefaultIsRfc867sOwnExampleLayout() {
        assertThat(DaytimeProtocol.of(DaytimeProtocol.RFC867, ZoneId.of("America/Los_Angeles")).line(RFC_EXAMPLE))
                .isEqualTo("Monday, February 22, 1982 17:37:43-PST\r\n");
    }

    @Test
    void rfc3339IsOnRequest() {
        assertThat(DaytimeProtocol.of(DaytimeProtocol.RFC3339, ZoneId.of("America/Los_Angeles")).line(RFC_EXAMPLE))
                .isEqualTo("1982-02-22T17:37:43-08:00\r\n");
    }

    @Test
    void halfHourZonesShowTheirNameOrTheirOffset() {
        Instant noon = Instant.parse("2026-07-06T12:00:05Z");
        assertThat(DaytimeProtocol.of(DaytimeProtocol.RFC867, ZoneId.of("Asia/Kolkata")).line(noon))
                .isEqualTo("Monday, July 6, 2026 17:30:05-IST\r\n");
        assertThat(DaytimeProtocol.of(DaytimeProtocol.RFC867, ZoneId.of("+05:30")).line(noon))
                .isEqualTo("Monday, July 6, 2026 17:30:05+05:30\r\n");
        assertThat(DaytimeProtocol.of(DaytimeProtocol.RFC3339, ZoneId.of("+05:30")).line(noon))
                .isEqualTo("2026-07-06T17:30:05+05:30\r\n");
        assertThat(DaytimeProtocol.of(DaytimeProtocol.RFC867, ZoneId.of("Z")).line(noon))
                .isEqualTo("Monday, July 6, 2026 12:00:05-UTC\r\n");
    }

    @Test
    void aPatternIsChecked() {
        assertThat(DaytimeProtocol.of("yyyy-MM-dd HH:mm:ss", ZoneId.of("UTC")).line(RFC_EXAMPLE)).isEqualTo("1982-02-23 01:37:43\r\n");
        assertThatThrownBy(() -> DaytimeProtocol.of("qqqqqq", ZoneId.of("UTC"))).isInstanceOf(IllegalArgumentException.class);
    }
}
