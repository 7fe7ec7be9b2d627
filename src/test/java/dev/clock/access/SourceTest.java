package dev.clock.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SourceTest {
    static LongStream seeds() {
        return LongStream.range(0, 20);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyAddressInsideASlash64IsOneKeyAndOutsideItAnother(long seed) throws Exception {
        Random random = new Random(seed);
        byte[] network = new byte[16];
        random.nextBytes(network);
        network[0] = 0x20; // global unicast, never mapped
        Source key = Source.of(InetAddress.getByAddress(network));
        for (int i = 0; i < 100; i++) {
            byte[] a = network.clone();
            for (int b = 8; b < 16; b++) {
                a[b] = (byte) random.nextInt();
            }
            assertThat(Source.of(InetAddress.getByAddress(a))).isEqualTo(key);
            int flip = random.nextInt(64); // any bit of the /64 makes another client
            a[flip / 8] ^= (byte) (0x80 >>> (flip % 8));
            assertThat(Source.of(InetAddress.getByAddress(a))).isNotEqualTo(key);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyIpv4AddressIsItsOwnKeyAndTheSameSeenThroughAnIpv6Socket(long seed) throws Exception {
        Random random = new Random(seed);
        for (int i = 0; i < 100; i++) {
            byte[] a = new byte[4];
            random.nextBytes(a);
            Source key = Source.of(InetAddress.getByAddress(a));
            assertThat(Source.of(CidrTest.mapped(a[0], a[1], a[2], a[3]))).isEqualTo(key);
            int flip = random.nextInt(32);
            a[flip / 8] ^= (byte) (0x80 >>> (flip % 8));
            assertThat(Source.of(InetAddress.getByAddress(a))).isNotEqualTo(key);
        }
    }

    @Test
    void noIpv4KeyIsAnIpv6One() throws Exception {
        assertThat(Source.of(InetAddress.getByName("0.0.0.0"))).isNotEqualTo(Source.of(InetAddress.getByName("::")));
        assertThat(Source.of(InetAddress.getByName("0.0.0.1"))).isNotEqualTo(Source.of(InetAddress.getByName("::1")));
        assertThat(Source.of(InetAddress.getByName("192.0.2.1"))).isEqualTo(new Source(0, 0xffff_c000_0201L));
        assertThat(Source.of(InetAddress.getByName("2001:db8:1:2:3:4:5:6"))).isEqualTo(new Source(0x2001_0db8_0001_0002L, 0));
        assertThat(Source.of(InetAddress.getByName("255.255.255.255"))).isEqualTo(new Source(0, 0xffff_ffff_ffffL));
    }
}
