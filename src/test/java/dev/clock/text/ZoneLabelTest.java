package dev.clock.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ZoneLabelTest {
    private static final Instant WINTER = Instant.parse("2026-12-08T00:00:00Z");
    private static final Instant SUMMER = Instant.parse("2026-07-01T12:00:00Z");

    @Test
    void utcIsSaidOnceByAnyOfItsNames() {
        for (String id : new String[] {"Etc/UTC", "UTC", "Z", "GMT", "Etc/GMT", "+00:00"}) {
            assertThat(ZoneLabel.of(ZoneId.of(id), WINTER)).as(id).isEqualTo("UTC");
        }
    }

    @Test
    void aFixedOffsetIsItsOffsetFromUtc() {
        assertThat(ZoneLabel.of(ZoneOffset.ofHoursMinutes(5, 30), WINTER)).isEqualTo("UTC+05:30");
        assertThat(ZoneLabel.of(ZoneId.of("Etc/GMT-9"), WINTER)).isEqualTo("UTC+09:00");
        assertThat(ZoneLabel.of(ZoneId.of("-03:00"), WINTER)).isEqualTo("UTC-03:00");
    }

    @Test
    void aRegionIsItsNameWhatItsClocksAreCalledNowAndItsOffset() {
        assertThat(ZoneLabel.of(ZoneId.of("Europe/London"), WINTER)).isEqualTo("Europe/London · GMT");
        assertThat(ZoneLabel.of(ZoneId.of("Europe/London"), SUMMER)).isEqualTo("Europe/London · BST (UTC+01:00)");
        assertThat(ZoneLabel.of(ZoneId.of("Asia/Tokyo"), WINTER)).isEqualTo("Asia/Tokyo · JST (UTC+09:00)");
    }

    @Test
    void aRegionWhoseClocksHaveNoNameOfTheirOwnIsItsNameAndItsOffsetOnce() {
        // The JDK's short names for these are offsets again (GMT+04:00, GMT-03:00): said once, as UTC's.
        assertThat(ZoneLabel.of(ZoneId.of("Asia/Dubai"), WINTER)).isEqualTo("Asia/Dubai · UTC+04:00");
        assertThat(ZoneLabel.of(ZoneId.of("America/Sao_Paulo"), SUMMER)).isEqualTo("America/Sao_Paulo · UTC-03:00");
    }
}
