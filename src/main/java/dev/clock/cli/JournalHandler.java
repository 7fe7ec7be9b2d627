package dev.clock.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The log into journald, as systemd's own {@code StandardError=journal} sends it: a Unix-domain
 * stream to {@code /run/systemd/journal/stdout}, a header naming the program, then one line an
 * event with its priority in front ({@code <6>}). A stream, because the JDK's Unix-domain sockets
 * are streams only: syslog's {@code /dev/log} takes datagrams, which {@code DatagramChannel} cannot
 * send to a path.
 */
final class JournalHandler extends Handler {
    static final Path JOURNAL = Path.of("/run/systemd/journal/stdout");

    private final SocketChannel journal;

    private JournalHandler(SocketChannel journal, Formatter formatter) {
        this.journal = journal;
        setFormatter(formatter);
    }

    /** Connected to the journal at {@code path}, or empty if there is none to reach. */
    static Optional<JournalHandler> connect(Path path, String identifier, Formatter formatter) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(path));
            // Identifier, unit (none), default priority (info), priority prefixes read, and no
            // copies to syslog, the kernel log or the console: systemd's stream header.
            write(channel, identifier + "\n\n6\n1\n0\n0\n0\n");
            return Optional.of(new JournalHandler(channel, formatter));
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // it never carried a line
                }
            }
            return Optional.empty();
        }
    }

    private static void write(SocketChannel channel, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** syslog's severities: err, warning, info, debug. */
    static int priority(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) return 3;
        if (v >= Level.WARNING.intValue()) return 4;
        if (v >= Level.INFO.intValue()) return 6;
        return 7;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!isLoggable(record) || !journal.isOpen()) {
            return;
        }
        String text = getFormatter().format(record).stripTrailing();
        StringBuilder lines = new StringBuilder(text.length() + 8);
        for (String line : text.split("\n", -1)) {
            lines.append('<').append(priority(record.getLevel())).append('>').append(line).append('\n');
        }
        try {
            write(journal, lines.toString());
        } catch (IOException e) {
            // Nowhere left to say it: the journal went away. Later lines are dropped, not retried.
            close();
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public synchronized void close() {
        try {
            journal.close();
        } catch (IOException e) {
            // closing a log that failed
        }
    }
}
