package dev.clock.cli;

import static dev.clock.testing.ReportJson.number;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.ClockProcess;
import dev.clock.testing.ClockProcess.Result;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code clock load --ntp} against our NTP server and against one that answers wrongly on purpose. */
@Timeout(90)
class NtpLoadIT {

    @Test
    void overManySourcesEveryRequestToClockServeIsAnsweredAndTheServersCpuIsCounted() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "--no-stream", "--ntp", "0")) {
            int port = server.awaitServicePort("ntp");
            // More source addresses than the server's rate table remembers (4,096), each asking
            // within its burst (8): the default rate limit never bites. More than that for each of
            // the two sockets (each takes every other source), so that one socket racing through its
            // own while the other waits out a lost reply still comes back to each source after the
            // table has forgotten it: with 5,000 in all, a loaded CI machine saw Kiss-o'-Death.
            Result result = ClockProcess.run(Duration.ofSeconds(40), "load", "--ntp", "127.0.0.1:" + port, "--sources", "10000",
                    "--per-source", "8", "--outstanding", "16", "--settle", "500ms", "--hold", "2s",
                    "--pid", Long.toString(server.pid()), "--json");

            String json = result.stdout().strip();
            long sent = (long) number(json, "requests", "sent");
            long replies = (long) number(json, "requests", "replies");
            long lost = (long) number(json, "requests", "lost");
            System.out.printf("NtpLoadIT: clock serve --ntp, 2 s: %s%n", json);
            assertThat(replies).as("replies in 2 s").isGreaterThan(1000);
            assertThat(number(json, "requests", "kissOfDeath")).as("the rate limit never bites").isZero();
            assertThat(replies + lost).isEqualTo(sent);
            // Every request is answered but for what a loaded machine's loopback queues drop: a full CI run
            // lost 8 of 107,118 once. Anything else that is not clean is a failure.
            assertThat(lost).as(json).isLessThanOrEqualTo(sent / 1000);
            assertThat(result.exitCode()).as(result.stdout() + result.stderrText()).isEqualTo(lost == 0 ? 0 : 1);
            assertThat(number(json, "requests", "invalid")).isZero();
            assertThat(number(json, "requests", "repliesPerSecond")).isEqualTo(replies / 2.0, org.assertj.core.data.Offset.offset(0.01));
            assertThat(number(json, "roundTrip", "p50Micros")).isPositive().isLessThanOrEqualTo(number(json, "roundTrip", "p99Micros"));
            assertThat(number(json, "server", "pid")).isEqualTo(server.pid());
            assertThat(number(json, "server", "cpuMicrosPerReply")).isPositive();
        }
    }

    @Test
    void fromOneSourceClockServesRateLimitAnswersWithKissesOfDeathAndEveryRequestIsStillAccountedFor() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "--no-stream", "--ntp", "0")) {
            int port = server.awaitServicePort("ntp");
            Result result = ClockProcess.run(Duration.ofSeconds(40), "load", "--ntp", "127.0.0.1:" + port, "--sockets", "1",
                    "--outstanding", "8", "--settle", "1ms", "--hold", "2s", "--json");

            assertThat(result.exitCode()).as("not clean").isEqualTo(1);
            String json = result.stdout().strip();
            long sent = (long) number(json, "requests", "sent");
            long replies = (long) number(json, "requests", "replies");
            long kisses = (long) number(json, "requests", "kissOfDeath");
            long lost = (long) number(json, "requests", "lost");
            assertThat(replies + kisses + lost).as(json).isEqualTo(sent);
            // One address: its burst of 8 is answered, and from then on the first request over the
            // limit and 1 in 4 after it get a Kiss-o'-Death, the rest nothing.
            assertThat(replies).as(json).isBetween(1L, 8L);
            assertThat(kisses).as(json).isPositive();
            assertThat(lost).as(json).isGreaterThanOrEqualTo(kisses);
            assertThat(number(json, "requests", "invalid")).isZero();
            assertThat(json).contains("Kiss-o'-Death (rate-limited");
        }
    }

    /** What the scripted server sends back, in turn, one per request. */
    private enum Answer { GOOD, KISS, WRONG_ORIGIN, MODE_3, SHORT, FROM_ELSEWHERE }

    @Test
    void repliesThatAnswerWronglyAreCountedAsInvalidAndNeverAsReplies() throws Exception {
        AtomicLongArray answered = new AtomicLongArray(Answer.values().length);
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             DatagramSocket elsewhere = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Thread.ofVirtual().start(() -> answerWrongly(server, elsewhere, answered));
            Result result = ClockProcess.run(Duration.ofSeconds(40), "load", "--ntp", "127.0.0.1:" + server.getLocalPort(),
                    "--sockets", "1", "--outstanding", "6", "--settle", "1ms", "--hold", "2s", "--json");

            assertThat(result.exitCode()).as("not clean").isEqualTo(1);
            String json = result.stdout().strip();
            long sent = (long) number(json, "requests", "sent");
            long replies = (long) number(json, "requests", "replies");
            long kisses = (long) number(json, "requests", "kissOfDeath");
            long lost = (long) number(json, "requests", "lost");
            assertThat(replies + kisses + lost).as(json).isEqualTo(sent);
            // The load waits for what it has in flight, so every wrong answer reached it, and each
            // was counted as invalid, none as a reply.
            long wrong = answered.get(Answer.WRONG_ORIGIN.ordinal()) + answered.get(Answer.MODE_3.ordinal())
                    + answered.get(Answer.SHORT.ordinal()) + answered.get(Answer.FROM_ELSEWHERE.ordinal());
            assertThat(wrong).isPositive();
            assertThat((long) number(json, "requests", "invalid")).as(json).isEqualTo(wrong);
            assertThat(replies).as(json).isPositive().isLessThanOrEqualTo(answered.get(Answer.GOOD.ordinal()));
            assertThat(kisses).as(json).isPositive().isLessThanOrEqualTo(answered.get(Answer.KISS.ordinal()));
            // A request answered wrongly stays unanswered: lost, one second later.
            assertThat(lost).as(json).isPositive();
            assertThat(json).contains("invalid (first: ");
        }
    }

    private static void answerWrongly(DatagramSocket server, DatagramSocket elsewhere, AtomicLongArray answered) {
        byte[] buffer = new byte[512];
        DatagramPacket request = new DatagramPacket(buffer, buffer.length);
        for (long n = 0; ; n++) {
            try {
                request.setLength(buffer.length);
                server.receive(request);
                Answer answer = Answer.values()[(int) (n % Answer.values().length)];
                long origin = ByteBuffer.wrap(buffer).getLong(40);
                ByteBuffer reply = ByteBuffer.allocate(48);
                reply.put(0, (byte) (4 << 3 | 4)); // leap 0, version 4, mode 4
                reply.put(1, (byte) 10);
                reply.putLong(24, origin);
                reply.putLong(32, 0xE5A1_2B3C_0000_0001L);
                reply.putLong(40, 0xE5A1_2B3C_0000_0002L);
                int length = 48;
                DatagramSocket from = server;
                switch (answer) {
                    case GOOD -> { }
                    case KISS -> {
                        reply.put(0, (byte) (3 << 6 | 4 << 3 | 4));
                        reply.put(1, (byte) 0);
                        reply.putInt(12, 0x52415445); // RATE
                    }
                    case WRONG_ORIGIN -> reply.putLong(24, origin ^ 0x100);
                    case MODE_3 -> reply.put(0, (byte) (4 << 3 | 3));
                    case SHORT -> length = 47;
                    case FROM_ELSEWHERE -> from = elsewhere;
                }
                from.send(new DatagramPacket(reply.array(), length, request.getSocketAddress()));
                answered.incrementAndGet(answer.ordinal());
            } catch (IOException e) {
                return; // closed at the end of the test
            }
        }
    }

}
