package dev.clock.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clock.net.HostPort;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class NtpLoadConfigTest {
    private static NtpLoadConfig config(int sockets, int outstanding, int sources, int perSource) {
        return new NtpLoadConfig(new HostPort("127.0.0.1", 123), sockets, outstanding, sources, perSource, Duration.ofSeconds(1),
                Duration.ofSeconds(1), OptionalLong.empty());
    }

    @Test
    void sourcesRunFrom127001OnAcrossTheThirdByte() {
        assertThat(NtpLoadConfig.source(0).getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(NtpLoadConfig.source(253).getHostAddress()).isEqualTo("127.0.0.254");
        assertThat(NtpLoadConfig.source(254).getHostAddress()).isEqualTo("127.0.0.255");
        assertThat(NtpLoadConfig.source(255).getHostAddress()).isEqualTo("127.0.1.0");
        assertThat(NtpLoadConfig.source(NtpLoadConfig.MOST_SOURCES - 1).getHostAddress()).isEqualTo("127.15.66.64");
        assertThat(NtpLoadConfig.source(NtpLoadConfig.MOST_SOURCES - 1).isLoopbackAddress()).isTrue();
    }

    @Test
    void outOfRangeSettingsSayWhatToUse() {
        assertThatThrownBy(() -> config(0, 64, 1, 8)).hasMessage("--sockets 0 is out of range: use 1 to 8");
        assertThatThrownBy(() -> config(9, 64, 1, 8)).hasMessage("--sockets 9 is out of range: use 1 to 8");
        assertThatThrownBy(() -> config(4, 3, 1, 8)).hasMessage("--outstanding 3 is out of range: use 4 (one per socket) to 1024");
        assertThatThrownBy(() -> config(2, 1025, 1, 8)).hasMessage("--outstanding 1025 is out of range: use 2 (one per socket) to 1024");
        assertThatThrownBy(() -> config(2, 64, 0, 8)).hasMessage("--sources 0 is out of range: use 1 to 1000000");
        assertThatThrownBy(() -> config(2, 64, 1_000_001, 8)).hasMessage("--sources 1000001 is out of range: use 1 to 1000000");
        assertThatThrownBy(() -> config(2, 64, 1, 0)).hasMessage("--per-source 0 is out of range: use 1 or more");
        assertThat(config(8, 1024, 1_000_000, 1).sockets()).isEqualTo(8);
    }
}
