package dev.clock.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Netcat} against loopback servers that send exactly what each case needs, then close. */
@Timeout(30)
class NetcatTest {

    private record Copy(Netcat.Ending ending, String out) {
    }

    /** Runs a copy against a server that writes {@code chunks}, each flushed and a moment apart, then closes. */
    private static Copy copyFrom(String... chunks) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> serve = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    for (String chunk : chunks) {
                        out.write(chunk.getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        Thread.sleep(20);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                Netcat.Ending ending = new Netcat(new ByteArrayInputStream(new byte[0]), out, false).copy(socket);
                serve.get(5, TimeUnit.SECONDS);
                return new Copy(ending, out.toString(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aRefusalSplitAcrossPacketsIsStillOneRefusal() throws Exception {
        Copy copy = copyFrom("clo", "ck: too many connections ", "from your address\r\n");

        assertThat(copy.ending()).isEqualTo(new Netcat.Ending.Refused("too many connections from your address"));
        assertThat(copy.out()).isEmpty();
    }

    @Test
    void aRefusalFollowedByAResetIsStillARefusal() throws Exception {
        // A server that closes with our input unread resets the connection: the refusal line
        // comes first, then the reset, in place of the end of the stream.
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> serve = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write("clock: server full, try again later\n".getBytes(StandardCharsets.US_ASCII));
                    s.getInputStream().read(); // our input has come, and more of it stays unread
                    Thread.sleep(100);
                    s.setSoLinger(true, 0);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                Netcat.Ending ending = new Netcat(new ByteArrayInputStream("hello\n".getBytes(StandardCharsets.US_ASCII)), out, false).copy(socket);
                serve.get(5, TimeUnit.SECONDS);

                assertThat(ending).isEqualTo(new Netcat.Ending.Refused("server full, try again later"));
                assertThat(out.size()).isZero();
            }
        }
    }

    @Test
    void aRefusalCannotPutControlCharactersOnOurTerminal() throws Exception {
        Copy copy = copyFrom("clock: \u001b[2Jfull\u0007\n");

        assertThat(copy.ending()).isEqualTo(new Netcat.Ending.Refused("?[2Jfull?"));
    }

    @Test
    void anythingElseIsOrdinaryOutputAndTheServerClosing() throws Exception {
        for (List<String> chunks : List.of(
                List.of("15:04:05\n", "15:04:06\n"),
                List.of("clock: hello\n15:04:05\n"),                  // more after the line
                List.of("clock: no newline at the end"),               // not a whole line
                List.of("clock: \n"),                                  // no reason in it
                List.of("clock: " + "x".repeat(300) + "\n"),           // longer than any refusal
                List.of("clock"),                                      // only a prefix of one
                List.of("clocks: full\n"))) {
            Copy copy = copyFrom(chunks.toArray(String[]::new));

            assertThat(copy.ending()).as(chunks.toString()).isEqualTo(new Netcat.Ending.ServerClosed());
            assertThat(copy.out()).as(chunks.toString()).isEqualTo(String.join("", chunks));
        }
    }
}
