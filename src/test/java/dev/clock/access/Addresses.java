package dev.clock.access;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Generated addresses, and every way to write one, for the tests' generated cases. */
final class Addresses {
    private Addresses() {
    }

    /** 4 or 16 random bytes; IPv6 ones often with runs of zero groups, and now and then IPv4-mapped. */
    static byte[] random(Random random) {
        if (random.nextBoolean()) {
            byte[] a = new byte[4];
            random.nextBytes(a);
            return a;
        }
        byte[] a = new byte[16];
        random.nextBytes(a);
        switch (random.nextInt(4)) {
            case 0 -> zero(a, random.nextInt(16) & ~1, random.nextInt(16) & ~1);
            case 1 -> {
                zero(a, 0, 10);
                a[10] = (byte) 0xff;
                a[11] = (byte) 0xff;
            }
            default -> {
            }
        }
        return a;
    }

    private static void zero(byte[] a, int from, int length) {
        for (int i = from; i < Math.min(16, from + length); i++) {
            a[i] = 0;
        }
    }

    /** The JDK's printing, and for IPv6 a :: in place of a random run of zero groups, upper case, an IPv4 tail. */
    static List<String> printings(InetAddress address, Random random) {
        List<String> texts = new ArrayList<>();
        texts.add(address.getHostAddress());
        byte[] a = address.getAddress();
        if (a.length == 16) {
            int[] groups = new int[8];
            for (int i = 0; i < 8; i++) {
                groups[i] = (a[2 * i] & 0xff) << 8 | a[2 * i + 1] & 0xff;
            }
            texts.add(compressed(groups, random, false));
            texts.add(compressed(groups, random, true).toUpperCase(Locale.ROOT));
        }
        return texts;
    }

    private static String compressed(int[] groups, Random random, boolean v4Tail) {
        int end = v4Tail ? 6 : 8;
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            if (groups[i] == 0) {
                int j = i;
                while (j < end && groups[j] == 0) {
                    j++;
                }
                runs.add(new int[] {i, j});
                i = j;
            }
        }
        int[] run = runs.isEmpty() ? new int[] {-1, -1} : runs.get(random.nextInt(runs.size()));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < end; i++) {
            if (i == run[0]) {
                text.append("::");
                i = run[1] - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        if (v4Tail) {
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(groups[6] >> 8).append('.').append(groups[6] & 0xff).append('.')
                    .append(groups[7] >> 8).append('.').append(groups[7] & 0xff);
        }
        return text.toString();
    }

    /** Whether the first {@code bits} bits of {@code a} and {@code b} are equal. */
    static boolean samePrefix(byte[] a, byte[] b, int bits) {
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
