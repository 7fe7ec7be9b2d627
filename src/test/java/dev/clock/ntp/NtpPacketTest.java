package dev.clock.ntp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The two replies written into a header, read back field by field as a client reads them. */
class NtpPacketTest {

    /** A client reads a Kiss-o'-Death only if it is a reply of its own version: RFC 5905 echoes the version. */
    @ParameterizedTest(name = "NTPv{0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void aKissOfDeathEchoesTheRequestsVersionAndSaysUnsynchronized(int version) {
        long transmit = NtpWire.randomTimestamp();
        ByteBuffer request = ByteBuffer.wrap(NtpWire.request(version, 3, 6, transmit, 48));
        ByteBuffer reply = ByteBuffer.allocate(NtpPacket.HEADER_LENGTH);
        NtpPacket.rateKiss(request, reply, -20, 3);
        NtpWire.Reply kiss = NtpWire.Reply.parse(reply.array(), reply.limit());
        assertThat(kiss.version()).isEqualTo(version);
        assertThat(kiss.leap()).isEqualTo(3);
        assertThat(kiss.mode()).isEqualTo(4);
        assertThat(kiss.stratum()).isZero();
        assertThat(kiss.referenceId()).isEqualTo("RATE");
        assertThat(kiss.transmit()).isEqualTo(transmit);
    }

    /** 1 µs is 4294.967 units of 2^-32 s: the nearest is 4295, where cutting the fraction off gives 4294. */
    @ParameterizedTest(name = "{0} ns")
    @ValueSource(ints = {1_000, 999_999_999})
    void aTimestampsFractionIsTheNearestUnitNotTheOneBelow(int nanos) {
        long ntp = NtpTimestamp.of(Instant.ofEpochSecond(0, nanos));
        long nearest = Math.round(nanos * 0x1p32 / 1e9);
        assertThat(ntp >>> 32).isEqualTo(NtpTimestamp.SECONDS_1900_TO_1970);
        assertThat(ntp & 0xffff_ffffL).isEqualTo(nearest);
        assertThat(NtpTimestamp.ofEpochNanos(nanos)).isEqualTo(ntp);
    }
}
