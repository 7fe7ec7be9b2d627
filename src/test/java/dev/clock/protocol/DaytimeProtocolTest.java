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
    void aZoneWithoutAnAbbreviationShowsItsOffsetNotAMinusSign() {
        Instant noon = Instant.parse("2026-07-06T12:00:05Z");
        // Java names these zones GMT+11:00, GMT-03:00, ...: after the RFC's '-' that would read as minus.
        assertThat(DaytimeProtocol.of(DaytimeProtocol.RFC867, ZoneId.of("Etc/GMT-11")).line(noon))
                .isEqualTo("Monday, July 6, 2026 23:00:05+11:00\r\n");
        assertThat(DaytimeProtocol.of(DaytimeProtocol.RFC867, ZoneId.of("America/Sao_Paulo")).line(noon))
                .isEqualTo("Monday, July 6, 2026 09:00:05-03:00\r\n");
        assertThat(DaytimeProtocol.of(DaytimeProtocol.RFC867, ZoneId.of("Asia/Kathmandu")).line(noon))
                .isEqualTo("Monday, July 6, 2026 17:45:05+05:45\r\n");
        assertThat(DaytimeProtocol.of(DaytimeProtocol.RFC867, ZoneId.of("UTC+05:30")).line(noon))
                .isEqualTo("Monday, July 6, 2026 17:30:05+05:30\r\n");
        // Java calls Troll's summer time (UTC+2) "GMT": a name that contradicts the offset is not one.
        assertThat(DaytimeProtocol.of(DaytimeProtocol.RFC867, ZoneId.of("Antarctica/Troll")).line(noon))
                .isEqualTo("Monday, July 6, 2026 14:00:05+02:00\r\n");
    }

    @Test
    void realAbbreviationsStay() {
        Instant noon = Instant.parse("2026-07-06T12:00:05Z");
        assertThat(DaytimeProtocol.of(DaytimeProtocol.RFC867, ZoneId.of("Europe/London")).line(noon))
                .isEqualTo("Monday, July 6, 2026 13:00:05-BST\r\n");
        assertThat(DaytimeProtocol.of(DaytimeProtocol.RFC867, ZoneId.of("Europe/London")).line(Instant.parse("2026-01-06T12:00:05Z")))
                .isEqualTo("Tuesday, January 6, 2026 12:00:05-GMT\r\n");
        assertThat(DaytimeProtocol.of(DaytimeProtocol.RFC867, ZoneId.of("Etc/UTC")).line(noon))
                .isEqualTo("Monday, July 6, 2026 12:00:05-UTC\r\n");
    }

    @Test
    void aPatternIsChecked() {
        assertThat(DaytimeProtocol.of("yyyy-MM-dd HH:mm:ss", ZoneId.of("UTC")).line(RFC_EXAMPLE)).isEqualTo("1982-02-23 01:37:43\r\n");
        assertThatThrownBy(() -> DaytimeProtocol.of("qqqqqq", ZoneId.of("UTC"))).isInstanceOf(IllegalArgumentException.class);
    }
}
