package dev.clock.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clock.net.Refusal;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The per-datagram work of the source policy allocates nothing once its tables have grown: a flood
 * costs no garbage. Measured by the JVM's count of this thread's allocated bytes.
 */
class SteadyStateTest {
    private static final int REQUESTS = 200_000;
    /** Room for the measuring itself, far below one object per request. */
    private static final long SLACK_BYTES = 16 * 1024;

    private static LongSupplier allocatedBytes() {
        var threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        var counting = (com.sun.management.ThreadMXBean) threads;
        return counting::getCurrentThreadAllocatedBytes;
    }

    private static byte[][] sources(int n) throws Exception {
        byte[][] sources = new byte[n][];
        for (int i = 0; i < n; i++) {
            sources[i] = i % 2 == 0 ? new byte[] {10, 0, (byte) (i >> 8), (byte) i}
                    : InetAddress.getByName("2001:db8:" + Integer.toHexString(i) + "::9").getAddress();
        }
        return sources;
    }

    @Test
    void aRateTableAtCapacityTakesWithoutAllocating() throws Exception {
        LongSupplier allocated = allocatedBytes();
        SourceLimits limits = new SourceLimits(Gcra.perSecond(10, 5), 1_000);
        byte[][] sources = sources(3_000); // three times the capacity: every lookup also evicts
        for (int i = 0; i < REQUESTS; i++) { // grown, and compiled
            limits.take(sources[i % sources.length], i);
        }
        long before = allocated.getAsLong();
        for (int i = 0; i < REQUESTS; i++) {
            limits.take(sources[i % sources.length], i);
        }
        assertThat(allocated.getAsLong() - before).as("bytes allocated for %d requests", REQUESTS).isLessThan(SLACK_BYTES);
    }

    @Test
    void theLoopGuardAndTheRefusalLogWithinAMinuteAllocateNothing() throws Exception {
        LongSupplier allocated = allocatedBytes();
        LoopGuard guard = new LoopGuard();
        guard.own(new InetSocketAddress("127.0.0.1", 1313));
        guard.own(new InetSocketAddress("0.0.0.0", 1414));
        // Not 192.0.2.1:1414: whether an IPv4 address is loopback, the JDK answers with a copy of its
        // bytes, which only the optimizing compiler removes; that path is a forged source's, and rare.
        InetSocketAddress[] from = {new InetSocketAddress("192.0.2.1", 40_000), new InetSocketAddress("192.0.2.1", 1313),
            new InetSocketAddress("127.0.0.1", 1313), new InetSocketAddress("2001:db8::1", 53)};
        RefusalLog log = new RefusalLog(System.getLogger("unused"), () -> 0, 1_000);
        byte[][] sources = sources(3_000);
        for (int i = 0; i < REQUESTS; i++) {
            guard.risk(from[i % from.length]);
            log.refused(sources[i % sources.length], Refusal.DENIED);
        }
        long before = allocated.getAsLong();
        int risky = 0;
        int lines = 0;
        for (int i = 0; i < REQUESTS; i++) {
            risky += guard.risk(from[i % from.length]) == LoopGuard.Risk.NONE ? 0 : 1;
            lines += log.refused(sources[i % sources.length], Refusal.DENIED) ? 1 : 0;
        }
        assertThat(allocated.getAsLong() - before).as("bytes allocated for %d requests", REQUESTS).isLessThan(SLACK_BYTES);
        assertThat(risky).isEqualTo(REQUESTS / 4 * 3);
        assertThat(lines).as("the minute's 20 lines went in the warm-up").isZero();
    }
}
