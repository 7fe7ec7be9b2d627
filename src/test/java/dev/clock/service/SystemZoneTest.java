package dev.clock.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SystemZoneTest {
    private static final ZoneId JVM = ZoneId.of("Europe/Paris");

    @Test
    void noTzMeansTheSystemsZoneSilently() {
        assertThat(SystemZone.of(null, JVM)).isEqualTo(new SystemZone(JVM, java.util.Optional.empty()));
        assertThat(SystemZone.of("", JVM).zone()).isEqualTo(JVM);
    }

    @Test
    void aRegionOrAFilePathIsThatRegion() {
        assertThat(SystemZone.of("Asia/Tokyo", JVM).zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(SystemZone.of(":Asia/Tokyo", JVM).zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        SystemZone path = SystemZone.of("/usr/share/zoneinfo/Asia/Tokyo", JVM);
        assertThat(path.zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(path.warning()).isEmpty();
    }

    @Test
    void aPosixRuleKeepsWhatTheTzDatabaseKnowsAndSaysSo() {
        SystemZone eastern = SystemZone.of("EST5EDT,M3.2.0,M11.1.0", JVM);
        assertThat(eastern.zone().getRules().isDaylightSavings(java.time.Instant.parse("2026-07-01T12:00:00Z"))).isTrue();
        assertThat(eastern.warning()).hasValueSatisfying(w -> assertThat(w).contains("POSIX rule"));

        SystemZone custom = SystemZone.of("ABC-3XYZ,M3.5.0,M10.5.0/3", JVM);
        assertThat(custom.zone()).isEqualTo(ZoneOffset.ofHours(3));
        assertThat(custom.warning()).hasValueSatisfying(w -> assertThat(w).contains("no daylight saving time"));
    }

    @Test
    void garbageIsUtcWithAWarning() {
        SystemZone garbage = SystemZone.of("garbage", JVM);
        assertThat(garbage.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(garbage.warning()).hasValueSatisfying(w -> assertThat(w).contains("TZ='garbage' is not a time zone"));
    }
}
