package dev.clock.access;

import static dev.clock.access.LoopGuard.Risk.NONE;
import static dev.clock.access.LoopGuard.Risk.OWN;
import static dev.clock.access.LoopGuard.Risk.SERVICE_PORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopGuardTest {
    private static final String PEER = "192.0.2.1";
    private final LoopGuard guard = new LoopGuard();
    private final LoopGuard ntp = guard.allowing(123);

    private static InetSocketAddress at(String host, int port) {
        return new InetSocketAddress(host, port);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 13, 19, 37, 53, 69, 122, 123, 124, 1023})
    void theWellKnownServicePortsAreNotAnswered(int port) {
        assertThat(guard.risk(at(PEER, port))).isEqualTo(SERVICE_PORT);
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 1025, 40_000, 54_321, 65_535})
    void aClientsPortIsAnswered(int port) {
        assertThat(guard.risk(at(PEER, port))).isEqualTo(NONE);
        assertThat(ntp.risk(at(PEER, port))).isEqualTo(NONE);
    }

    @Test
    void norAreTheProcesssOwnPortsFromAnyAddressForAPeerConfiguredAlikeServesOnThem() {
        guard.own(at("127.0.0.1", 1313));
        ntp.own(at("127.0.0.1", 40_001));
        assertThat(guard.risk(at("127.0.0.1", 1313))).isEqualTo(OWN);
        assertThat(guard.risk(at(PEER, 1313))).isEqualTo(SERVICE_PORT);
        assertThat(guard.risk(at(PEER, 40_001))).as("registered through another view: one registry").isEqualTo(SERVICE_PORT);
        assertThat(ntp.risk(at(PEER, 1313))).isEqualTo(SERVICE_PORT);
        assertThat(guard.risk(at(PEER, 40_002))).isEqualTo(NONE);
    }

    @Test
    void ntpsExceptionAnswersPort123FromAnyAddressButOurOwn() {
        // --bind 0.0.0.0 --ntp 123: ntpd's requests come from 123, on every host but this one.
        ntp.own(at("0.0.0.0", 123));
        assertThat(ntp.risk(at(PEER, 123))).isEqualTo(NONE);
        assertThat(ntp.risk(at("2001:db8::5", 123))).isEqualTo(NONE);
        assertThat(ntp.risk(at("127.0.0.1", 123))).isEqualTo(OWN);
        assertThat(ntp.risk(at("127.0.0.7", 123))).as("all of loopback is ours").isEqualTo(OWN);
        assertThat(ntp.risk(at("::1", 123))).isEqualTo(OWN);
        assertThat(ntp.risk(at(PEER, 122))).as("only the one port is excepted").isEqualTo(SERVICE_PORT);
        assertThat(guard.risk(at(PEER, 123))).as("a door without the exception").isEqualTo(SERVICE_PORT);
    }

    @Test
    void anExceptionPortWeDoNotServeOnIsAnsweredFromOurOwnAddressToo() {
        // chronyd or ntpd on this host asks our NTP door, on another port, from its 123.
        ntp.own(at("127.0.0.1", 12_300));
        assertThat(ntp.risk(at("127.0.0.1", 123))).isEqualTo(NONE);
        assertThat(ntp.risk(at("127.0.0.1", 12_300))).isEqualTo(OWN);
        assertThat(ntp.risk(at("127.0.0.2", 12_300))).isEqualTo(SERVICE_PORT);
    }

    @Test
    void aSpecificAddressOwnsOnlyItself() {
        guard.allowing(4_000).own(at("127.0.0.1", 4_000));
        LoopGuard allowing = guard.allowing(4_000);
        assertThat(allowing.risk(at("127.0.0.1", 4_000))).isEqualTo(OWN);
        assertThat(allowing.risk(at("127.0.0.2", 4_000))).as("another loopback address, not bound").isEqualTo(NONE);
    }

    @Test
    void aClosedDoorsPortIsAnsweredAgain() {
        guard.own(at("127.0.0.1", 1313));
        guard.own(at("0.0.0.0", 1414));
        guard.release(at("127.0.0.1", 1313));
        guard.release(at("0.0.0.0", 1414));
        assertThat(guard.risk(at("127.0.0.1", 1313))).isEqualTo(NONE);
        assertThat(guard.risk(at("127.0.0.1", 1414))).isEqualTo(NONE);
        assertThat(guard.risk(at(PEER, 1313))).isEqualTo(NONE);
    }

    @Test
    void aWildcardDoorReleasedLeavesNothingBehind() {
        guard.own(at("0.0.0.0", 1414));
        guard.release(at("0.0.0.0", 1414));
        guard.own(at("127.0.0.2", 1414));
        assertThat(guard.risk(at("127.0.0.2", 1414))).isEqualTo(OWN);
        assertThat(guard.risk(at("127.0.0.1", 1414))).as("127.0.0.1 was ours only through the wildcard")
                .isEqualTo(SERVICE_PORT);
        guard.own(at("127.0.0.1", 1313));
        guard.own(at("127.0.0.1", 1312));
        guard.release(at("127.0.0.1", 1313));
        assertThat(guard.risk(at(PEER, 1312))).as("its neighbour in the same word").isEqualTo(SERVICE_PORT);
        assertThat(guard.risk(at(PEER, 1313))).isEqualTo(NONE);
    }

    @Test
    void onAWildcardEveryAddressOfTheHostsInterfacesIsOurs() throws Exception {
        InetAddress external = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst().orElse(null);
        assumeTrue(external != null, "this host has no address but loopback and link-local ones");
        ntp.own(at("0.0.0.0", 123));
        assertThat(ntp.risk(new InetSocketAddress(external, 123))).as("%s", external).isEqualTo(OWN);
    }

    @Test
    void portsBesideEachOtherInOneWordAreKeptApart() {
        for (int port : new int[] {1024 + 63, 1024 + 64, 65_535}) {
            guard.own(at("127.0.0.1", port));
        }
        assertThat(guard.risk(at(PEER, 1024 + 62))).isEqualTo(NONE);
        assertThat(guard.risk(at(PEER, 1024 + 63))).isEqualTo(SERVICE_PORT);
        assertThat(guard.risk(at(PEER, 1024 + 64))).isEqualTo(SERVICE_PORT);
        assertThat(guard.risk(at(PEER, 1024 + 65))).isEqualTo(NONE);
        assertThat(guard.risk(at(PEER, 65_535))).isEqualTo(SERVICE_PORT);
        assertThat(guard.risk(at(PEER, 65_534))).isEqualTo(NONE);
    }

    @Test
    void anExceptionIsAPort() {
        assertThatThrownBy(() -> guard.allowing(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> guard.allowing(65_536)).isInstanceOf(IllegalArgumentException.class);
        assertThat(guard.allowing(65_535).risk(at(PEER, 65_535))).isEqualTo(NONE);
        assertThat(guard.allowing(1).risk(at(PEER, 1))).isEqualTo(NONE);
    }
}
