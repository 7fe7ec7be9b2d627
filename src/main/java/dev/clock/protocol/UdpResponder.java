package dev.clock.protocol;

import dev.clock.net.Refusal;
import dev.clock.net.ServerStats;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.InstantSource;

/**
 * The UDP side of Daytime and Time: any datagram gets one reply datagram, never larger than the
 * protocol's answer. One thread serves them all, reading into one small buffer, and replies at
 * most {@code maxRepliesPerSecond}: a flood costs at most that much work, the kernel drops the
 * rest from a bounded queue, and the stream clock's clients keep their ticks.
 */
final class UdpResponder implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UdpResponder.class.getName());

    private final DatagramChannel channel;
    private final Responder responder;
    private final InstantSource clock;
    private final ServerStats stats;
    private final int maxRepliesPerSecond;
    private final String name;

    UdpResponder(DatagramChannel channel, Responder responder, InstantSource clock, ServerStats stats,
                 int maxRepliesPerSecond, String name) {
        this.channel = channel;
        this.responder = responder;
        this.clock = clock;
        this.stats = stats;
        this.maxRepliesPerSecond = maxRepliesPerSecond;
        this.name = name;
    }

    static DatagramChannel open(InetSocketAddress address) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
            channel.bind(address);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    void serve() {
        // Requests are read and thrown away: only who sent one matters.
        ByteBuffer request = ByteBuffer.allocateDirect(512);
        long second = 0;
        int replies = 0;
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
            long now = System.nanoTime() / 1_000_000_000L;
            if (now != second) {
                second = now;
                replies = 0;
            }
            if (++replies > maxRepliesPerSecond) {
                stats.refused(Refusal.RATE_LIMITED);
                continue;
            }
            stats.accepted();
            try {
                channel.send(responder.reply(clock.instant()), sender);
                stats.lineWritten();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                stats.writeFailed();
                LOG.log(Level.DEBUG, () -> name + "/udp: reply to " + sender + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
