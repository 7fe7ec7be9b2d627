package dev.clock.testing;

import dev.clock.net.Reasons;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Thousands of clients of a clock server read by one selector thread, each client's lines
 * checked as they come: every line must be the previous one plus the interval (a server run with
 * {@code --format HH:mm:ss.SSS}). A test holds thousands of streams with one thread and a few
 * MB, and stays far from the machine's thread and descriptor limits.
 */
public final class LineCrowd implements AutoCloseable {
    public static final String FORMAT = "HH:mm:ss.SSS";
    private static final DateTimeFormatter PARSE = DateTimeFormatter.ofPattern(FORMAT);

    private final Duration interval;
    private final Selector selector;
    private final Queue<Member> joining = new ConcurrentLinkedQueue<>();
    private final List<Member> members = new CopyOnWriteArrayList<>();
    private final Thread reader;

    public LineCrowd(Duration interval) throws IOException {
        this.interval = interval;
        this.selector = Selector.open();
        this.reader = Thread.ofPlatform().name("line-crowd").start(this::read);
    }

    /** Connects from {@code from} (port 0: any) to {@code to}, blocking until connected, and reads it from then on. */
    public Member connect(InetSocketAddress from, InetSocketAddress to) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.bind(from);
            channel.connect(to);
            channel.configureBlocking(false);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        Member m = new Member(channel);
        members.add(m);
        joining.add(m);
        selector.wakeup();
        return m;
    }

    public List<Member> members() {
        return List.copyOf(members);
    }

    private void read() {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (selector.isOpen()) {
            try {
                selector.select();
                for (Member m; (m = joining.poll()) != null; ) {
                    m.channel.register(selector, SelectionKey.OP_READ, m);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Member m = (Member) key.attachment();
                    buffer.clear();
                    int n;
                    try {
                        n = m.channel.read(buffer);
                    } catch (IOException e) {
                        m.end(Reasons.of(e));
                        continue;
                    }
                    if (n < 0) {
                        m.end("end of stream");
                    } else {
                        m.take(new String(buffer.array(), 0, n, StandardCharsets.US_ASCII), interval);
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Member m : members) {
            m.channel.close();
        }
    }

    /** One client: its lines so far, whether they were consecutive, and how it ended. */
    public static final class Member {
        private final SocketChannel channel;
        private final StringBuilder partial = new StringBuilder(); // the reader thread's only
        private volatile int lines;
        private volatile long lastLineNanos;
        private volatile LocalTime last;
        private volatile String firstBreak;
        private volatile String ended;

        private Member(SocketChannel channel) {
            this.channel = channel;
        }

        private void take(String text, Duration interval) {
            partial.append(text);
            int newline;
            while ((newline = partial.indexOf("\n")) >= 0) {
                String line = partial.substring(0, newline);
                partial.delete(0, newline + 1);
                check(line, interval);
            }
        }

        private void check(String line, Duration interval) {
            LocalTime time;
            try {
                time = LocalTime.parse(line, PARSE);
            } catch (DateTimeParseException e) {
                breakAt("not a time: '" + line + "'");
                return;
            }
            if (last != null && !time.equals(last.plus(interval))) {
                breakAt(line + " after " + last.format(PARSE));
            }
            last = time;
            lastLineNanos = System.nanoTime();
            lines++;
        }

        private void breakAt(String what) {
            if (firstBreak == null) {
                firstBreak = what;
            }
        }

        private void end(String why) {
            ended = why;
            try {
                channel.close();
            } catch (IOException e) {
                // closing is all we wanted
            }
        }

        public int lines() {
            return lines;
        }

        /** When its last line arrived ({@link System#nanoTime()}), 0 before the first. */
        public long lastLineNanos() {
            return lastLineNanos;
        }

        /** Its first line that did not follow the one before by the interval, or null: all consecutive. */
        public String firstBreak() {
            return firstBreak;
        }

        public boolean ended() {
            return ended != null;
        }

        /** How it ended ({@code end of stream}, {@code connection reset}), or null while open. */
        public String endReason() {
            return ended;
        }
    }

    /** Members for which {@code test} holds. */
    public static List<Member> where(List<Member> members, java.util.function.Predicate<Member> test) {
        List<Member> found = new ArrayList<>();
        for (Member m : members) {
            if (test.test(m)) {
                found.add(m);
            }
        }
        return found;
    }
}
