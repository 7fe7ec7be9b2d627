package dev.clock.load;

import dev.clock.net.HostPort;
import dev.clock.net.Reasons;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.SplittableRandom;

/**
 * One UDP socket and the one thread that drives it: keeps up to {@code window} requests in flight,
 * sends another as each is answered, and times every round trip. A request unanswered after
 * {@link #LOST_AFTER_NANOS} is lost. With several source addresses, it moves to the next once it
 * has sent {@code perSource} from one and heard the last of them (answered or lost), so no reply
 * is sent to a socket already closed.
 *
 * <p>Each request in flight has a slot; its transmit time is random but for the low bits, which
 * name the slot, so a reply finds its request at once and a stray or stale one matches nothing.
 */
final class NtpSocketWorker implements Runnable {
    static final long LOST_AFTER_NANOS = 1_000_000_000L;
    /** How long a receive waits before the thread looks at the clock again. */
    private static final int RECEIVE_WAIT_MILLIS = 10;
    private static final long SCAN_EVERY_NANOS = 10_000_000L;
    private static final int RECEIVE_BUFFER = 512;

    private final InetSocketAddress target;
    private final int firstSource;
    private final int sourceStep;
    private final int sourceCount;
    private final int perSource;
    private final NtpTally tally;
    private final long holdStart;
    private final long holdEnd;
    private final NtpRoundTrips roundTrips = new NtpRoundTrips();
    private final SplittableRandom random;

    private final int slotBits;
    private final long[] transmit;
    private final long[] sentAt;
    private final boolean[] counted;
    private final int[] free;
    private int freeCount;

    /**
     * @param firstSource   the first source address it takes, as an index of {@link NtpLoadConfig#source(int)}
     * @param sourceStep    from one source address it takes to the next
     * @param sourceCount   how many it takes in turn; 0 for the system's choice
     * @param holdStart     from when (of {@link System#nanoTime()}) the requests it sends are counted
     * @param holdEnd       when it stops sending; it then waits for what is in flight
     */
    NtpSocketWorker(InetSocketAddress target, int firstSource, int sourceStep, int sourceCount, int perSource, int window,
                    NtpTally tally, long holdStart, long holdEnd, long seed) {
        this.target = target;
        this.firstSource = firstSource;
        this.sourceStep = sourceStep;
        this.sourceCount = sourceCount;
        this.perSource = perSource;
        this.tally = tally;
        this.holdStart = holdStart;
        this.holdEnd = holdEnd;
        this.random = new SplittableRandom(seed);
        this.slotBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, window - 1));
        this.transmit = new long[window];
        this.sentAt = new long[window];
        this.counted = new boolean[window];
        this.free = new int[window];
        for (int i = 0; i < window; i++) {
            free[i] = window - 1 - i;
        }
        this.freeCount = window;
    }

    NtpRoundTrips roundTrips() {
        return roundTrips;
    }

    @Override
    public void run() {
        byte[] request = new byte[NtpLoadPacket.HEADER_LENGTH];
        byte[] received = new byte[RECEIVE_BUFFER];
        DatagramPacket out = new DatagramPacket(request, request.length, target);
        DatagramPacket in = new DatagramPacket(received, received.length);
        int source = 0;
        int sentFromSource = 0;
        boolean rotating = sourceCount > 1;
        DatagramSocket socket = null;
        try {
            socket = open(source);
            long lastScan = System.nanoTime();
            while (true) {
                long now = System.nanoTime();
                boolean sending = now < holdEnd;
                boolean sourceSpent = rotating && sentFromSource >= perSource;
                if (sourceSpent && freeCount == transmit.length) {
                    socket.close();
                    source = (source + 1) % sourceCount;
                    socket = open(source);
                    sentFromSource = 0;
                    sourceSpent = false;
                }
                while (sending && !sourceSpent && freeCount > 0) {
                    send(socket, out, request, System.nanoTime());
                    sentFromSource++;
                    sourceSpent = rotating && sentFromSource >= perSource;
                }
                if (!sending && freeCount == transmit.length) {
                    return;
                }
                receive(socket, in, received);
                now = System.nanoTime();
                if (now - lastScan >= SCAN_EVERY_NANOS) {
                    expire(now);
                    lastScan = now;
                }
            }
        } catch (IOException e) {
            tally.failure.compareAndSet(null, "from " + (socket == null ? "a new socket" : HostPort.format(socket.getLocalSocketAddress()))
                    + ": " + Reasons.of(e));
            expire(Long.MAX_VALUE);
        } finally {
            if (socket != null) {
                socket.close();
            }
        }
    }

    private DatagramSocket open(int source) throws IOException {
        DatagramSocket socket = sourceCount == 0 ? new DatagramSocket()
                : new DatagramSocket(new InetSocketAddress(NtpLoadConfig.source(firstSource + source * sourceStep), 0));
        socket.setSoTimeout(RECEIVE_WAIT_MILLIS);
        return socket;
    }

    private void send(DatagramSocket socket, DatagramPacket out, byte[] request, long now) throws IOException {
        int slot = free[--freeCount];
        long stamp;
        do {
            stamp = (random.nextLong() << slotBits) | slot;
        } while (stamp == slot); // never all zero but the slot: a transmit time of 0 means "none"
        NtpLoadPacket.request(request, stamp);
        transmit[slot] = stamp;
        sentAt[slot] = now;
        counted[slot] = now - holdStart >= 0 && now - holdEnd < 0;
        if (counted[slot]) {
            tally.sent.increment();
        }
        socket.send(out);
    }

    private void receive(DatagramSocket socket, DatagramPacket in, byte[] received) throws IOException {
        try {
            in.setLength(received.length);
            socket.receive(in);
        } catch (SocketTimeoutException e) {
            return;
        }
        long arrived = System.nanoTime();
        if (!target.equals(in.getSocketAddress())) {
            tally.invalid("from " + HostPort.format(in.getSocketAddress()) + ", not the server");
            return;
        }
        NtpLoadPacket.Verdict verdict = NtpLoadPacket.check(received, in.getLength());
        if (verdict != NtpLoadPacket.Verdict.TIME && verdict != NtpLoadPacket.Verdict.KISS_OF_DEATH) {
            tally.invalid(verdict.describe());
            return;
        }
        long origin = NtpLoadPacket.origin(received);
        int slot = (int) (origin & ((1L << slotBits) - 1));
        if (slot >= transmit.length || transmit[slot] != origin || origin == 0) {
            tally.invalid("origin time answers no request in flight");
            return;
        }
        transmit[slot] = 0;
        free[freeCount++] = slot;
        tally.answeredAll.increment();
        if (!counted[slot]) {
            return;
        }
        if (verdict == NtpLoadPacket.Verdict.KISS_OF_DEATH) {
            tally.kissesOfDeath.increment();
        } else {
            tally.replies.increment();
            roundTrips.record(arrived - sentAt[slot]);
        }
    }

    /** Gives up on the requests in flight since before {@code now} minus {@link #LOST_AFTER_NANOS}. */
    private void expire(long now) {
        for (int slot = 0; slot < transmit.length; slot++) {
            if (transmit[slot] != 0 && (now == Long.MAX_VALUE || now - sentAt[slot] >= LOST_AFTER_NANOS)) {
                transmit[slot] = 0;
                free[freeCount++] = slot;
                if (counted[slot]) {
                    tally.lost.increment();
                }
            }
        }
    }
}
