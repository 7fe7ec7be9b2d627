package dev.clock.wall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CardCalendarTest {
    /** 22:56:01 UTC on 7 December: 07:56 on the 8th in Tokyo, 17:56 on the 7th in New York. */
    private static final Instant AT = Instant.parse("2026-12-07T22:56:01.300Z");

    @Test
    void aLineWithOnlyATimeGetsTheOffsetItsTimeImpliesAndThatOffsetsDate() {
        assertThat(CardCalendar.of("07:56:01", null, AT)).isEqualTo(new CardCalendar("07:56:01", LocalDate.of(2026, 12, 8), "UTC+09:00"));
        assertThat(CardCalendar.of("17:56:01", null, AT)).isEqualTo(new CardCalendar("17:56:01", LocalDate.of(2026, 12, 7), "UTC-05:00"));
        assertThat(CardCalendar.of("22:56:01", null, AT)).isEqualTo(new CardCalendar("22:56:01", LocalDate.of(2026, 12, 7), "UTC"));
        assertThat(CardCalendar.of("04:41:01", null, AT)).as("Kathmandu, +05:45")
                .isEqualTo(new CardCalendar("04:41:01", LocalDate.of(2026, 12, 8), "UTC+05:45"));
        assertThat(CardCalendar.of("5:56:01 PM", null, AT)).as("a 12-hour clock")
                .isEqualTo(new CardCalendar("5:56:01 PM", LocalDate.of(2026, 12, 7), "UTC-05:00"));
        assertThat(CardCalendar.of("22:58:30", null, AT)).as("a clock 2.5 minutes fast is still in UTC")
                .isEqualTo(new CardCalendar("22:58:30", LocalDate.of(2026, 12, 7), "UTC"));
    }

    @Test
    void aTimeJustBeforeMidnightReadJustAfterItIsYesterdays() {
        Instant justAfter = Instant.parse("2026-12-08T00:00:00.200Z");
        assertThat(CardCalendar.of("23:59:59", ZoneId.of("UTC"), justAfter)).isEqualTo(new CardCalendar("23:59:59", LocalDate.of(2026, 12, 7), "UTC"));
        assertThat(CardCalendar.of("00:00:00", ZoneId.of("UTC"), justAfter)).isEqualTo(new CardCalendar("00:00:00", LocalDate.of(2026, 12, 8), "UTC"));
    }

    @Test
    void theLinesOwnZoneAndDateComeFirstThenTheOperatorsZone() {
        assertThat(CardCalendar.of("2026-12-08 07:56:01 +09:00", ZoneId.of("Europe/London"), AT))
                .isEqualTo(new CardCalendar("07:56:01", LocalDate.of(2026, 12, 8), "UTC+09:00"));
        assertThat(CardCalendar.of("2026-12-08T07:56:01.123+0900", null, AT))
                .isEqualTo(new CardCalendar("07:56:01.123", LocalDate.of(2026, 12, 8), "UTC+09:00"));
        assertThat(CardCalendar.of("22:56:01Z", null, AT)).isEqualTo(new CardCalendar("22:56:01", LocalDate.of(2026, 12, 7), "UTC"));
        assertThat(CardCalendar.of("07:56:01 Asia/Tokyo", null, AT))
                .isEqualTo(new CardCalendar("07:56:01", LocalDate.of(2026, 12, 8), "Asia/Tokyo · JST (UTC+09:00)"));
        assertThat(CardCalendar.of("07:56:01", ZoneId.of("Asia/Tokyo"), AT))
                .isEqualTo(new CardCalendar("07:56:01", LocalDate.of(2026, 12, 8), "Asia/Tokyo · JST (UTC+09:00)"));
        assertThat(CardCalendar.of("22:56:01", ZoneId.of("Europe/London"), AT))
                .isEqualTo(new CardCalendar("22:56:01", LocalDate.of(2026, 12, 7), "Europe/London · GMT"));
        // Kiribati's Line Islands (+14) cannot be told from -10 by the time alone: the operator says.
        assertThat(CardCalendar.of("12:56:01", ZoneId.of("Pacific/Kiritimati"), AT).date()).isEqualTo(LocalDate.of(2026, 12, 8));
        assertThat(CardCalendar.of("12:56:01", null, AT)).isEqualTo(new CardCalendar("12:56:01", LocalDate.of(2026, 12, 7), "UTC-10:00"));
    }
}
