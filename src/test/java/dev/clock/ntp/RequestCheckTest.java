package dev.clock.ntp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestCheckTest {
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 12_300);
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40_000);
    private final RequestCheck check = RequestCheck.forServerAt(SERVER);

    private static ByteBuffer packet(int version, int mode, int length) {
        return ByteBuffer.wrap(NtpWire.request(version, mode, 6, 42, length));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void aClientRequestOfVersionOneToFourIsAnswered(int version) {
        assertThat(check.verdict(packet(version, 3, 48), CLIENT)).isNull();
    }

    @Test
    void extensionFieldsAndMacsAfterTheHeaderAreIgnored() {
        assertThat(check.verdict(packet(4, 3, 48 + 20), CLIENT)).isNull();
        assertThat(check.verdict(packet(4, 3, 48 + 16 + 24), CLIENT)).isNull();
    }

    @ParameterizedTest(name = "mode {0}: {1}")
    @CsvSource({"0, NOT_A_REQUEST", "1, NOT_A_REQUEST", "2, NOT_A_REQUEST", "4, NOT_A_REQUEST", "5, NOT_A_REQUEST",
            "6, CONTROL", "7, PRIVATE"})
    void everyModeButAClientRequestIsDropped(int mode, NtpDrop why) {
        assertThat(check.verdict(packet(4, mode, 48), CLIENT)).isEqualTo(why);
    }

    @Test
    void monlistIsCountedAsPrivateWhateverItsLength() {
        // ntpdc's monlist query: version 2, mode 7, implementation 3, request 42 (MON_GETLIST_1).
        ByteBuffer monlist = ByteBuffer.wrap(new byte[] {0x17, 0x00, 0x03, 0x2a, 0, 0, 0, 0});
        assertThat(check.verdict(monlist, CLIENT)).isEqualTo(NtpDrop.PRIVATE);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 20, 47})
    void aRequestShorterThanTheHeaderIsDropped(int length) {
        assertThat(check.verdict(packet(4, 3, length), CLIENT)).isEqualTo(NtpDrop.TOO_SHORT);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 6, 7})
    void anUnknownVersionIsDropped(int version) {
        assertThat(check.verdict(packet(version, 3, 48), CLIENT)).isEqualTo(NtpDrop.BAD_VERSION);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 13, 19, 37, 53, 122, 124, 1023})
    void aRequestFromPortZeroOrAWellKnownServicePortIsDropped(int port) {
        assertThat(check.verdict(packet(4, 3, 48), new InetSocketAddress("127.0.0.1", port))).isEqualTo(NtpDrop.SOURCE_PORT);
    }

    @ParameterizedTest
    @ValueSource(ints = {123, 1024, 40_000, 65_535})
    void aRequestFromNtpsPortOrAnEphemeralOneIsAnswered(int port) {
        // ntpd sends its client requests from port 123: answering mode 3 cannot start a loop,
        // since a reply (mode 4) is never answered.
        assertThat(check.verdict(packet(4, 3, 48), new InetSocketAddress("127.0.0.1", port))).isNull();
    }

    @Test
    void aReplyIsNeverAnsweredSoTwoServersOnPort123CannotLoop() {
        InetSocketAddress otherServer = new InetSocketAddress("127.0.0.9", 123);
        assertThat(check.verdict(packet(4, 4, 48), otherServer)).isEqualTo(NtpDrop.NOT_A_REQUEST);
    }

    @Test
    void aRequestFromTheServersOwnAddressAndPortIsDropped() {
        assertThat(check.verdict(packet(4, 3, 48), SERVER)).isEqualTo(NtpDrop.OWN_ADDRESS);
        assertThat(check.verdict(packet(4, 3, 48), new InetSocketAddress("127.0.0.2", SERVER.getPort()))).isNull();

        RequestCheck everywhere = RequestCheck.forServerAt(new InetSocketAddress("0.0.0.0", 12_300));
        assertThat(everywhere.verdict(packet(4, 3, 48), new InetSocketAddress("127.0.0.7", 12_300))).isEqualTo(NtpDrop.OWN_ADDRESS);
        assertThat(everywhere.verdict(packet(4, 3, 48), new InetSocketAddress("::1", 12_300))).isEqualTo(NtpDrop.OWN_ADDRESS);
        assertThat(everywhere.verdict(packet(4, 3, 48), new InetSocketAddress("127.0.0.7", 12_301))).isNull();
    }
}
