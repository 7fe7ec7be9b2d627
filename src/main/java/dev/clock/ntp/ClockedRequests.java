package dev.clock.ntp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.InstantSource;

/**
 * Requests received by the JDK, blocking, each stamped with the clock as soon as the thread wakes
 * with it: late by that wake-up (the JDK gives no kernel timestamp), but possible everywhere and
 * with any clock. A close wakes the blocked receive.
 */
final class ClockedRequests implements Requests {
    private final DatagramChannel channel;
    private final InstantSource clock;
    private long receivedAt;

    ClockedRequests(DatagramChannel channel, InstantSource clock) {
        this.channel = channel;
        this.clock = clock;
    }

    @Override
    public InetSocketAddress take(ByteBuffer request) throws IOException {
        request.clear();
        try {
            InetSocketAddress client = (InetSocketAddress) channel.receive(request);
            receivedAt = NtpTimestamp.of(clock.instant());
            return client;
        } catch (ClosedChannelException e) {
            return null;
        }
    }

    @Override
    public boolean send(ByteBuffer reply, InetSocketAddress client) throws IOException {
        int length = reply.remaining();
        return channel.send(reply, client) == length;
    }

    @Override
    public long receivedAt() {
        return receivedAt;
    }

    @Override
    public String description() {
        return "";
    }

    @Override
    public void wakeUp() {
        // closing the channel wakes its receive
    }

    @Override
    public void release() {
        // nothing but the channel, which the server closes
    }
}
