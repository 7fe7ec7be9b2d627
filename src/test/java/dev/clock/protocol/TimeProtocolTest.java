package dev.clock.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeProtocolTest {
    @Test
    void countsSecondsSince1900() {
        assertThat(TimeProtocol.seconds(Instant.parse("1900-01-01T00:00:00Z"))).isZero();
        assertThat(TimeProtocol.seconds(Instant.parse("1970-01-01T00:00:00Z"))).isEqualTo(2_208_988_800L);
        // RFC 868's own examples
        assertThat(TimeProtocol.seconds(Instant.parse("1976-01-01T00:00:00Z"))).isEqualTo(2_398_291_200L);
        assertThat(TimeProtocol.seconds(Instant.parse("1980-01-01T00:00:00Z"))).isEqualTo(2_524_521_600L);
        assertThat(TimeProtocol.seconds(Instant.parse("1983-05-01T00:00:00Z"))).isEqualTo(2_629_584_000L);
    }

    @Test
    void wrapsModulo2To32In2036() {
        Instant wrap = Instant.parse("2036-02-07T06:28:16Z");
        assertThat(TimeProtocol.seconds(wrap.minusSeconds(1))).isEqualTo(0xFFFF_FFFFL);
        assertThat(TimeProtocol.seconds(wrap)).isZero();
        assertThat(TimeProtocol.seconds(wrap.plusSeconds(1))).isEqualTo(1);
    }

    @Test
    void encodesFourBytesBigEndian() {
        ByteBuffer reply = TimeProtocol.encode(Instant.parse("2036-02-07T06:28:15Z"));
        assertThat(reply.remaining()).isEqualTo(4);
        assertThat(new byte[] {reply.get(0), reply.get(1), reply.get(2), reply.get(3)})
                .containsExactly((byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF);
        ByteBuffer epoch = TimeProtocol.encode(Instant.parse("1970-01-01T00:00:00Z"));
        assertThat(Integer.toUnsignedLong(epoch.getInt(0))).isEqualTo(2_208_988_800L);
        assertThat(epoch.get(0)).isEqualTo((byte) 0x83); // 0x83AA7E80: the most significant byte first
    }
}
