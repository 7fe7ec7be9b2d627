package dev.clock.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clock.testing.WatchedResolver;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cidr and its literals, by example and by generated cases (each seed a fixed, repeatable case). */
class CidrTest {
    static LongStream seeds() {
        return LongStream.range(0, 20);
    }

    /** ::ffff:a.b.c.d as a real Inet6Address: InetAddress.getByName would hand back an Inet4Address. */
    static InetAddress mapped(int a, int b, int c, int d) throws Exception {
        byte[] bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) a, (byte) b, (byte) c, (byte) d};
        InetAddress address = Inet6Address.getByAddress(null, bytes, -1);
        assertThat(address).isInstanceOf(Inet6Address.class);
        return address;
    }

    @Test
    void aMappedAddressSeenThroughAnIpv6SocketIsInIpv4BlocksOnly() throws Exception {
        InetAddress address = mapped(192, 0, 2, 9);
        assertThat(Cidr.parse("192.0.2.0/24").contains(address)).isTrue();
        assertThat(Cidr.parse("192.0.2.9").contains(address)).isTrue();
        assertThat(Cidr.parse("192.0.3.0/24").contains(address)).isFalse();
        assertThat(Cidr.parse("::/0").contains(address)).as("an IPv4 client, not IPv6").isFalse();
        assertThat(Cidr.parse("::ffff:192.0.2.0/120")).isEqualTo(Cidr.parse("192.0.2.0/24"));
        assertThat(Cidr.parse("::ffff:192.0.2.9")).isEqualTo(Cidr.parse("192.0.2.9"));
    }

    @Test
    void thePrefixEdges() throws Exception {
        assertThat(Cidr.parse("2001:db8::/128")).isEqualTo(Cidr.parse("2001:db8::"));
        assertThat(Cidr.parse("::ffff:0.0.0.0/96")).isEqualTo(Cidr.parse("0.0.0.0/0"));
        assertThat(Cidr.parse("::/0").contains(InetAddress.getByName("2001:db8::1"))).isTrue();
        Cidr slash64 = Cidr.parse("2001:db8:1:2::/64");
        assertThat(slash64.contains(InetAddress.getByName("2001:db8:1:2:ffff::1"))).isTrue();
        assertThat(slash64.contains(InetAddress.getByName("2001:db8:1:3::"))).isFalse();
        Cidr slash65 = Cidr.parse("2001:db8:1:2::/65");
        assertThat(slash65.contains(InetAddress.getByName("2001:db8:1:2:7fff::1"))).isTrue();
        assertThat(slash65.contains(InetAddress.getByName("2001:db8:1:2:8000::"))).isFalse();
    }

    @Test
    void familiesNeverMix() throws Exception {
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("::1"))).isFalse();
        assertThat(Cidr.parse("::/0").contains(InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(Cidr.parse("::/0").contains(InetAddress.getByName("::1"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("255.255.255.255"))).isTrue();
    }

    @Test
    void everyFormOfAnIpv6LiteralIsRead() throws Exception {
        assertThat(Cidr.parse("::")).isEqualTo(Cidr.parse("0:0:0:0:0:0:0:0"));
        assertThat(Cidr.parse("::1").toString()).isEqualTo("0:0:0:0:0:0:0:1/128");
        assertThat(Cidr.parse("1::")).isEqualTo(Cidr.parse("1:0:0:0:0:0:0:0"));
        assertThat(Cidr.parse("2001:DB8::8:800:200C:417A")).isEqualTo(Cidr.parse("2001:db8:0:0:8:800:200c:417a"));
        assertThat(Cidr.parse("1:2:3:4:5:6:7::")).isEqualTo(Cidr.parse("1:2:3:4:5:6:7:0"));
        assertThat(Cidr.parse("::2:3:4:5:6:7:8")).isEqualTo(Cidr.parse("0:2:3:4:5:6:7:8"));
        assertThat(Cidr.parse("64:ff9b::192.0.2.33")).isEqualTo(Cidr.parse("64:ff9b::c000:221"));
        assertThat(Cidr.parse("1:2:3:4:5:6:1.2.3.4")).isEqualTo(Cidr.parse("1:2:3:4:5:6:102:304"));
        assertThat(Cidr.parse(" 2001:db8::/32 ").toString()).isEqualTo("2001:db8:0:0:0:0:0:0/32");
        assertThat(Cidr.parse("0.0.0.0/0").toString()).isEqualTo("0.0.0.0/0");
        assertThat(Cidr.parse("10.1.2.3/8").toString()).isEqualTo("10.0.0.0/8");
        assertThat(Cidr.parse("255.255.255.255/32").toString()).isEqualTo("255.255.255.255/32");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999.0.0.1", "256.0.0.1", "1.2.3.4.5", "1.2.3", "1..2.3", "01.2.3.4", "1.2.3.4 5",
        "1.2.3.4/", "1.2.3.4/33", "1.2.3.4/0x1", "1.2.3.4/+8", "1.2.3.4/0008", "::1/129", "::g", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::", "1::2::3", "1:2:3:4:5:6::7:8", "1:2:3:4::5:6:7:8", ":1::", "1:::2", "12345::", "1:2:3:4:5:6:7", "::1.2.3", "1.2.3.4::",
        "fe80::1%eth0", "fe80::1%1", "[::1]", "::ffff:1.2.3.4/95", "localhost", "example.org", "clock", "0x7f.0.0.1",
        "127.1", "2130706433", "١٢٧.0.0.1", "１.2.3.4", "::ｆ", "", " ", "/8"})
    void aStringThatIsNotALiteralIsAOneLineUsageErrorAndNeverALookup(String text) throws Exception {
        List<String> asked = WatchedResolver.lookups(() -> {
            assertThatThrownBy(() -> Cidr.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("'" + text + "' is not an address block (")
                    .hasMessageContaining("e.g. 192.0.2.0/24")
                    .hasMessageNotContaining("\n");
            return null;
        });
        assertThat(asked).as("names looked up").isEmpty();
    }

    @Test
    void aZoneIdOrANameSaysSo() {
        assertThatThrownBy(() -> Cidr.parse("fe80::1%eth0")).hasMessageContaining("zone id");
        assertThatThrownBy(() -> Cidr.parse("example.org")).hasMessageContaining("a name is never looked up");
        assertThatThrownBy(() -> Cidr.parse("999.0.0.1")).hasMessageContaining("from 0 to 255");
        assertThatThrownBy(() -> Cidr.parse("010.0.0.1")).hasMessageContaining("starts with 0");
        assertThatThrownBy(() -> Cidr.parse("%1")).hasMessageContaining("zone id");
        assertThatThrownBy(() -> Cidr.parse("::1::2")).hasMessageContaining("at most one ::");
        assertThatThrownBy(() -> Cidr.parse("1::2::3")).hasMessageContaining("at most one ::");
        assertThatThrownBy(() -> Cidr.parse("::/129")).hasMessageContaining("from 0 to 128");
        assertThatThrownBy(() -> Cidr.parse("::/1280")).hasMessageContaining("not a number");
    }

    /** An IPv4 tail is read as IPv4 wherever its dot is, so its error names the IPv4 part, not a hex group. */
    @Test
    void aBrokenIpv4TailSaysWhatIsWrongWithIt() {
        assertThatThrownBy(() -> Cidr.parse("::ffff:.1.2.3")).hasMessageContaining("each part of an IPv4 address");
        assertThatThrownBy(() -> Cidr.parse("64:ff9b::.1.2")).hasMessageContaining("an IPv4 address has four parts");
    }

    @Test
    void theWatchedResolverSeesALookupWhenThereIsOne() throws Exception {
        // What InetAddress.getByName, which Cidr.parse used, does with 999.0.0.1: a query for it as a name.
        String name = "999.0.0." + new Random().nextInt(1_000_000);
        List<String> asked = WatchedResolver.lookups(() -> {
            assertThatThrownBy(() -> InetAddress.getByName(name));
            return null;
        });
        assertThat(asked).containsExactly(name);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void noGeneratedStringMakesParseLookAnythingUp(long seed) throws Exception {
        Random random = new Random(seed);
        String alphabet = "0123456789abcdefxyz.:/%-[] ";
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(20); n > 0; n--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            texts.add(text.toString());
        }
        List<String> asked = WatchedResolver.lookups(() -> {
            for (String text : texts) {
                try {
                    Cidr.parse(text);
                } catch (IllegalArgumentException e) {
                    assertThat(e.getMessage()).startsWith("'" + text + "' is not an address block (").doesNotContain("\n");
                }
            }
            return null;
        });
        assertThat(asked).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void anyPrintedAddressParsesBackToItself(long seed) throws Exception {
        Random random = new Random(seed);
        for (int i = 0; i < 50; i++) {
            byte[] bytes = Addresses.random(random);
            InetAddress address = InetAddress.getByAddress(bytes);
            byte[] expected = address.getAddress(); // a mapped address comes back as IPv4
            for (String text : Addresses.printings(address, random)) {
                Cidr block = Cidr.parse(text);
                assertThat(block.bits()).as(text).isEqualTo(expected.length * 8);
                assertThat(block.contains(address)).as(text).isTrue();
                assertThat(Cidr.parse(block.toString())).as(text).isEqualTo(block);
                assertThat(InetAddress.getByName(block.toString().replaceFirst("/.*", "")).getAddress()).as(text)
                        .isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aBlockContainsExactlyTheAddressesWithItsPrefix(long seed) throws Exception {
        Random random = new Random(seed);
        for (int i = 0; i < 50; i++) {
            InetAddress network = InetAddress.getByAddress(Addresses.random(random));
            byte[] n = network.getAddress();
            int bits = random.nextInt(n.length * 8 + 1);
            Cidr block = Cidr.parse(network.getHostAddress() + "/" + bits);
            for (int j = 0; j < 20; j++) {
                byte[] a = random.nextInt(3) == 0 ? Addresses.random(random) : n.clone();
                if (a.length == n.length && random.nextBoolean()) {
                    int flip = random.nextInt(a.length * 8); // one bit, inside the prefix or not
                    a[flip / 8] ^= (byte) (0x80 >>> (flip % 8));
                }
                InetAddress address = InetAddress.getByAddress(a);
                boolean expected = address.getAddress().length == n.length && Addresses.samePrefix(address.getAddress(), n, bits);
                assertThat(block.contains(address)).as("%s in %s", address, block).isEqualTo(expected);
                if (address.getAddress().length == 4) {
                    byte[] v4 = address.getAddress();
                    assertThat(block.contains(mapped(v4[0], v4[1], v4[2], v4[3]))).as("mapped %s in %s", address, block)
                            .isEqualTo(expected);
                }
            }
        }
    }
}
