package dev.clock.ntp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NtpConfigTest {

    @Test
    void theDefaultsAreChronysLocalStratumAndRatelimit() {
        NtpConfig d = NtpConfig.DEFAULTS;
        assertThat(d.stratum()).isEqualTo(10);
        assertThat(d.rateInterval()).isEqualTo(Duration.ofSeconds(8)); // chrony's interval 3: 2^3 s
        assertThat(d.rateBurst()).isEqualTo(8);
        assertThat(d.kodEvery()).isEqualTo(4); // chrony's leak 2: 1 in 2^2
        assertThat(d.rateTableSize()).isEqualTo(4096);
        assertThat(d.withStratum(3)).isEqualTo(new NtpConfig(3, Duration.ofSeconds(8), 8, 4, 4096));
    }

    @Test
    void aStratumOutsideOneToFifteenIsRefusedWithWhatToUse() {
        for (int bad : new int[] {0, 16, -1}) {
            assertThatThrownBy(() -> NtpConfig.DEFAULTS.withStratum(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("NTP stratum " + bad + " is out of range: use 1 to 15 (0 marks a Kiss-o'-Death, 16 an unsynchronized server)");
        }
        assertThat(NtpConfig.DEFAULTS.withStratum(1).stratum()).isEqualTo(1);
        assertThat(NtpConfig.DEFAULTS.withStratum(15).stratum()).isEqualTo(15);
    }

    @Test
    void eachRateLimitSettingIsCheckedWithAOneLineMessage() {
        assertThatThrownBy(() -> new NtpConfig(10, Duration.ofNanos(999_999), 8, 4, 4096))
                .hasMessage("NTP rate-limit interval 999999ns is out of range: use 1ms to 1d");
        assertThatThrownBy(() -> new NtpConfig(10, Duration.ofHours(25), 8, 4, 4096))
                .hasMessage("NTP rate-limit interval 25h is out of range: use 1ms to 1d");
        assertThatThrownBy(() -> new NtpConfig(10, null, 8, 4, 4096))
                .hasMessage("NTP rate-limit interval (none) is out of range: use 1ms to 1d");
        assertThatThrownBy(() -> new NtpConfig(10, Duration.ofSeconds(8), 0, 4, 4096))
                .hasMessage("NTP rate-limit burst 0 is out of range: use 1 to 1000");
        assertThatThrownBy(() -> new NtpConfig(10, Duration.ofSeconds(8), 8, -1, 4096))
                .hasMessage("NTP Kiss-o'-Death rate 1 in -1 is out of range: use 1 to 1000, or 0 to send none");
        assertThatThrownBy(() -> new NtpConfig(10, Duration.ofSeconds(8), 8, 4, 15))
                .hasMessage("NTP rate-limit table of 15 addresses is out of range: use 16 to 1000000");
        assertThat(new NtpConfig(10, Duration.ofMillis(1), 1, 0, 16).kodEvery()).isZero();
    }
    @Test
    void theLargestValueOfEachRangeIsAllowedAndOneMoreIsNot() {
        NtpConfig most = new NtpConfig(15, Duration.ofDays(1), 1000, 1000, 1_000_000);
        assertThat(most).isEqualTo(new NtpConfig(15, Duration.ofHours(24), 1000, 1000, 1_000_000, true));
        assertThatThrownBy(() -> new NtpConfig(15, Duration.ofDays(1).plusNanos(1), 1000, 1000, 1_000_000))
                .hasMessageStartingWith("NTP rate-limit interval");
        assertThatThrownBy(() -> new NtpConfig(15, Duration.ofDays(1), 1001, 1000, 1_000_000))
                .hasMessage("NTP rate-limit burst 1001 is out of range: use 1 to 1000");
        assertThatThrownBy(() -> new NtpConfig(15, Duration.ofDays(1), 1000, 1001, 1_000_000))
                .hasMessage("NTP Kiss-o'-Death rate 1 in 1001 is out of range: use 1 to 1000, or 0 to send none");
        assertThatThrownBy(() -> new NtpConfig(15, Duration.ofDays(1), 1000, 1000, 1_000_001))
                .hasMessage("NTP rate-limit table of 1000001 addresses is out of range: use 16 to 1000000");
    }

    @Test
    void theStartLineSaysWhetherAndHowRequestsAreLimited() {
        assertThat(NtpConfig.DEFAULTS.describeRateLimit()).isEqualTo("8 at once, then 1 every 8s per address");
        assertThat(NtpConfig.DEFAULTS.withoutRateLimit().describeRateLimit()).isEqualTo("no rate limit");
        assertThat(NtpConfig.DEFAULTS.withoutRateLimit().withStratum(3).rateLimited()).isFalse();
    }

    @Test
    void aDropReasonsLabelIsItsNameInLowerCase() {
        assertThat(NtpDrop.TOO_SHORT.label()).isEqualTo("too_short");
        assertThat(NtpDrop.RATE_LIMITED.label()).isEqualTo("rate_limited");
        assertThat(NtpDrop.OWN_ADDRESS.label()).isEqualTo("own_address");
    }
}
