package dev.clock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeadReaderTest {

    private static HeadReader reading(String text) {
        return reading(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static HeadReader reading(InputStream in) {
        return new HeadReader(Channels.newChannel(in));
    }

    private static String next(HeadReader reader) throws Exception {
        byte[] head = reader.next();
        return head == null ? null : new String(head, StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsPipelinedHeadsOneAtATime() throws Exception {
        HeadReader r = reading("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(next(r)).isEqualTo("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(next(r)).isEqualTo("GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(next(r)).isNull();
    }

    @Test
    void readsAHeadThatComesAByteAtATime() throws Exception {
        byte[] bytes = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        InputStream trickle = new InputStream() {
            int i;

            @Override
            public int read() {
                return i < bytes.length ? bytes[i++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[i++];
                return 1;
            }
        };
        assertThat(next(reading(trickle))).isEqualTo("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    @Test
    void skipsEmptyLinesBeforeARequest() throws Exception {
        assertThat(next(reading("\r\n\r\nGET / HTTP/1.0\r\n\r\n"))).isEqualTo("GET / HTTP/1.0\r\n\r\n");
    }

    @Test
    void endsAHeadOfBareLineFeedsAtOnceForTheParserToRefuse() throws Exception {
        String head = next(reading("GET / HTTP/1.1\nHost: x\n\n"));
        assertThat(head).isEqualTo("GET / HTTP/1.1\nHost: x\n\n");
        assertThatThrownBy(() -> RequestParser.parse(head.getBytes(StandardCharsets.ISO_8859_1))).isInstanceOf(HttpError.class);
    }

    @Test
    void aHeadOver8KbIs431() {
        String huge = "GET / HTTP/1.1\r\nHost: x\r\nX: " + "a".repeat(HeadReader.MAX_HEAD_BYTES) + "\r\n\r\n";
        assertThatThrownBy(() -> reading(huge).next()).isInstanceOfSatisfying(HttpError.class,
                e -> assertThat(e.status()).isEqualTo(Status.HEADERS_TOO_LARGE));
        String hugeLine = "GET /" + "a".repeat(2 * HeadReader.MAX_HEAD_BYTES);
        assertThatThrownBy(() -> reading(hugeLine).next()).isInstanceOfSatisfying(HttpError.class,
                e -> assertThat(e.status()).isEqualTo(Status.HEADERS_TOO_LARGE));
    }

    @Test
    void aHeadOfExactly8KbIsRead() throws Exception {
        String start = "GET / HTTP/1.1\r\nHost: x\r\nX: ";
        String head = start + "a".repeat(HeadReader.MAX_HEAD_BYTES - start.length() - 4) + "\r\n\r\n";
        assertThat(head).hasSize(HeadReader.MAX_HEAD_BYTES);
        assertThat(next(reading(head))).isEqualTo(head);
    }

    @Test
    void aConnectionThatEndsMidHeadIs400() {
        assertThatThrownBy(() -> reading("GET / HTTP/1.1\r\nHo").next()).isInstanceOfSatisfying(HttpError.class,
                e -> assertThat(e.status()).isEqualTo(Status.BAD_REQUEST));
    }

    @Test
    void garbageIsRefusedNotHeldOrThrownAsAnythingElse() throws Exception {
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 2_000; round++) {
            byte[] garbage = new byte[random.nextInt(200)];
            random.nextBytes(garbage);
            if (random.nextBoolean()) {
                garbage = (new String(garbage, StandardCharsets.ISO_8859_1) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            }
            HeadReader r = reading(new ByteArrayInputStream(garbage));
            try {
                byte[] head = r.next();
                if (head != null) {
                    RequestParser.parse(head);
                }
            } catch (HttpError e) {
                assertThat(e.status()).isIn(Status.BAD_REQUEST, Status.HEADERS_TOO_LARGE, Status.VERSION_NOT_SUPPORTED);
            } catch (IOException e) {
                throw new AssertionError("garbage made an I/O error: " + e, e);
            }
        }
    }
}
