package dev.clock.protocol;

import dev.clock.access.AccessPolicy;
import dev.clock.access.LoopGuard;
import dev.clock.access.RateLimit;
import dev.clock.net.HostPort;
import dev.clock.net.Refusal;
import dev.clock.net.ServerStats;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.InstantSource;

/**
 * The UDP side of Daytime and Time: a datagram from a client gets one reply datagram, never larger
 * than the protocol's answer. One from a service's port gets none ({@link LoopGuard}), so that no
 * forged source can start two services answering each other. One thread serves them all, reading
 * into one small buffer, and replies within a {@link RateLimit}: a flood costs at most that much
 * work, the kernel drops the rest from a bounded queue, and the stream clock's clients keep their
 * ticks.
 */
final class UdpResponder implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UdpResponder.class.getName());

    private final DatagramChannel channel;
    private final Responder responder;
    private final InstantSource clock;
    private final ServerStats stats;
    private final RateLimit limit;
    private final LoopGuard guard;
    private final AccessPolicy access;
    private final String name;
    private final InetSocketAddress address;

    UdpResponder(DatagramChannel channel, Responder responder, InstantSource clock, ServerStats stats,
                 RateLimit limit, AccessPolicy access, String name) throws IOException {
        this.channel = channel;
        this.address = (InetSocketAddress) channel.getLocalAddress();
        this.access = access;
        this.responder = responder;
        this.clock = clock;
        this.stats = stats;
        this.limit = limit;
        this.guard = access.loopGuard();
        this.name = name;
        guard.own(address); // before the first datagram: every door knows it from then on
    }

    void serve() {
        // Requests are read and thrown away: only who sent one matters.
        ByteBuffer request = ByteBuffer.allocateDirect(512);
        while (channel.isOpen()) {
            SocketAddress sender;
            try {
                request.clear();
                sender = channel.receive(request);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> name + "/udp: " + e.getMessage());
                continue;
            }
            stats.accepted();
            // Checked before the rate: forged datagrams must not spend the replies clients get.
            if (!(sender instanceof InetSocketAddress source) || guard.risk(source) != LoopGuard.Risk.NONE) {
                stats.refused(Refusal.SOURCE_PORT);
                continue;
            }
            AccessPolicy.Verdict verdict = access.datagram(source.getAddress(), name);
            if (verdict != AccessPolicy.Verdict.ADMITTED) {
                stats.refused(verdict.refusal());
                continue;
            }
            if (!limit.tryAcquire()) { // the ceiling over every source together
                stats.refused(Refusal.RATE_LIMITED);
                continue;
            }
            try {
                channel.send(responder.reply(clock.instant()), sender);
                stats.lineWritten();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                stats.writeFailed();
                LOG.log(Level.DEBUG, () -> name + "/udp: reply to " + HostPort.format(sender) + ": " + e.getMessage());
            }
        }
    }


    @Override
    public void close() throws IOException {
        channel.close();
        guard.release(address);
    }
}
