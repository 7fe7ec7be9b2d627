package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The log into a journal: a Unix-domain stream socket stands in for journald's. */
@Timeout(10)
class JournalHandlerTest {
    @TempDir
    Path dir;

    @Test
    void sendsSystemdsHeaderThenOneLineAnEventWithItsPriority() throws Exception {
        Path path = dir.resolve("stdout");
        try (ServerSocketChannel journal = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            journal.bind(UnixDomainSocketAddress.of(path));
            JournalHandler handler = JournalHandler.connect(path, "clock", new Logging.OneLine(false).withoutTimestamps())
                    .orElseThrow();
            try (SocketChannel received = journal.accept()) {
                handler.publish(new LogRecord(Level.INFO, "clock serve: stream listening on 127.0.0.1:8000"));
                handler.publish(new LogRecord(Level.WARNING, "stream: dropped 127.0.0.1:5000: stalled"));
                handler.publish(new LogRecord(Level.SEVERE, "stream: accept failed"));
                handler.publish(new LogRecord(Level.FINE, "a debug line"));
                handler.close();
                assertThat(readAll(received)).isEqualTo("clock\n\n6\n1\n0\n0\n0\n"
                        + "<6>clock serve: stream listening on 127.0.0.1:8000\n"
                        + "<4>stream: dropped 127.0.0.1:5000: stalled\n"
                        + "<3>stream: accept failed\n"
                        + "<7>a debug line\n");
            }
        }
    }

    @Test
    void noJournalIsNoHandler() {
        assertThat(JournalHandler.connect(dir.resolve("absent"), "clock", new Logging.OneLine(false))).isEmpty();
    }

    private static String readAll(SocketChannel channel) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (channel.read(buffer) >= 0) {
            if (!buffer.hasRemaining()) {
                break;
            }
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }
}
