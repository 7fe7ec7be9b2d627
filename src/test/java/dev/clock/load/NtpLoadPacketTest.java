package dev.clock.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.load.NtpLoadPacket.Verdict;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NtpLoadPacketTest {
    private static final long TRANSMIT = 0xE5A1_2B3C_4D5E_6F70L;

    /** A reply as RFC 5905 has a server write it: leap 0, version 4, mode 4, stratum 10, our transmit time as its origin. */
    private static byte[] reply() {
        ByteBuffer b = ByteBuffer.allocate(48);
        b.put(0, (byte) (0 << 6 | 4 << 3 | 4));
        b.put(1, (byte) 10);
        b.putInt(12, 0x4C4F434C); // LOCL
        b.putLong(24, TRANSMIT);
        b.putLong(32, 0xE5A1_2B3C_0000_0001L);
        b.putLong(40, 0xE5A1_2B3C_0000_0002L);
        return b.array();
    }

    @Test
    void aRequestIsVersion4Mode3With48BytesAllZeroButTheTransmitTime() {
        byte[] packet = new byte[48];
        Arrays.fill(packet, (byte) 0x55); // whatever a reused buffer held
        NtpLoadPacket.request(packet, TRANSMIT);

        assertThat(packet[0]).isEqualTo((byte) 0x23); // leap 0, version 4, mode 3
        assertThat(ByteBuffer.wrap(packet).getLong(40)).isEqualTo(TRANSMIT);
        byte[] rest = Arrays.copyOfRange(packet, 1, 40);
        assertThat(rest).containsOnly(0);
    }

    @Test
    void aServersReplyIsATimeReplyAndNamesTheRequestItAnswers() {
        assertThat(NtpLoadPacket.check(reply(), 48)).isEqualTo(Verdict.TIME);
        assertThat(NtpLoadPacket.origin(reply())).isEqualTo(TRANSMIT);
        // Extension fields or a MAC after the header change nothing.
        assertThat(NtpLoadPacket.check(Arrays.copyOf(reply(), 68), 68)).isEqualTo(Verdict.TIME);
    }

    @Test
    void aKissOfDeathIsStratumZero() {
        byte[] kiss = reply();
        kiss[0] = (byte) (3 << 6 | 4 << 3 | 4);
        kiss[1] = 0;
        assertThat(NtpLoadPacket.check(kiss, 48)).isEqualTo(Verdict.KISS_OF_DEATH);
    }

    @Test
    void aShortDatagramIsShortWhateverItHolds() {
        assertThat(NtpLoadPacket.check(reply(), 47)).isEqualTo(Verdict.SHORT);
        assertThat(NtpLoadPacket.check(reply(), 0)).isEqualTo(Verdict.SHORT);
    }

    @Test
    void anythingButMode4IsNotAReplyOurOwnRequestEchoedBackAmongThem() {
        byte[] echo = new byte[48];
        NtpLoadPacket.request(echo, TRANSMIT);
        assertThat(NtpLoadPacket.check(echo, 48)).isEqualTo(Verdict.NOT_A_REPLY);
        for (int mode : new int[] {0, 1, 2, 3, 5, 6, 7}) {
            byte[] packet = reply();
            packet[0] = (byte) (4 << 3 | mode);
            assertThat(NtpLoadPacket.check(packet, 48)).as("mode %d", mode).isEqualTo(Verdict.NOT_A_REPLY);
        }
    }

    @Test
    void anUnsynchronizedServerOrOneWithNoTransmitTimeGivesNoTime() {
        byte[] stratum16 = reply();
        stratum16[1] = 16;
        byte[] leap3 = reply();
        leap3[0] = (byte) (3 << 6 | 4 << 3 | 4);
        byte[] noTransmit = reply();
        ByteBuffer.wrap(noTransmit).putLong(40, 0);

        assertThat(NtpLoadPacket.check(stratum16, 48)).isEqualTo(Verdict.NO_TIME);
        assertThat(NtpLoadPacket.check(leap3, 48)).isEqualTo(Verdict.NO_TIME);
        assertThat(NtpLoadPacket.check(noTransmit, 48)).isEqualTo(Verdict.NO_TIME);
    }
}
