package dev.clock.ntp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.access.LoopGuard;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestCheckTest {
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 12_300);
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40_000);
    private final RequestCheck check = forServerAt(SERVER);

    /** A check for a server bound at {@code self}, the only door of its process. */
    private static RequestCheck forServerAt(InetSocketAddress self) {
        LoopGuard guard = new LoopGuard();
        guard.own(self);
        return new RequestCheck(guard);
    }

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
        // Our port number from another address: a peer configured alike, a service (one rule with Daytime's).
        assertThat(check.verdict(packet(4, 3, 48), new InetSocketAddress("127.0.0.2", SERVER.getPort())))
                .isEqualTo(NtpDrop.SOURCE_PORT);

        RequestCheck everywhere = forServerAt(new InetSocketAddress("0.0.0.0", 12_300));
        assertThat(everywhere.verdict(packet(4, 3, 48), new InetSocketAddress("127.0.0.7", 12_300))).isEqualTo(NtpDrop.OWN_ADDRESS);
        assertThat(everywhere.verdict(packet(4, 3, 48), new InetSocketAddress("::1", 12_300))).isEqualTo(NtpDrop.OWN_ADDRESS);
        assertThat(everywhere.verdict(packet(4, 3, 48), new InetSocketAddress("127.0.0.7", 12_301))).isNull();
    }

    @Test
    void onAWildcardAddressAndPort123EveryForeignClientOfNtpdIsStillAnswered() {
        // --bind 0.0.0.0 --ntp 123: were every address taken for ours, every ntpd would go unanswered.
        RequestCheck on123 = forServerAt(new InetSocketAddress("0.0.0.0", 123));
        assertThat(on123.verdict(packet(4, 3, 48), new InetSocketAddress("192.0.2.1", 123))).isNull();
        assertThat(on123.verdict(packet(4, 3, 48), new InetSocketAddress("2001:db8::1", 123))).isNull();
        assertThat(on123.verdict(packet(4, 3, 48), new InetSocketAddress("127.0.0.1", 123))).isEqualTo(NtpDrop.OWN_ADDRESS);
    }

    @Test
    void anotherDoorsPortIsAServicesPort() {
        LoopGuard guard = new LoopGuard();
        guard.own(SERVER);
        guard.own(new InetSocketAddress("127.0.0.1", 1313)); // daytime, in the same process
        RequestCheck shared = new RequestCheck(guard);
        assertThat(shared.verdict(packet(4, 3, 48), new InetSocketAddress("127.0.0.1", 1313))).isEqualTo(NtpDrop.OWN_ADDRESS);
        assertThat(shared.verdict(packet(4, 3, 48), new InetSocketAddress("192.0.2.1", 1313))).isEqualTo(NtpDrop.SOURCE_PORT);
    }
}
