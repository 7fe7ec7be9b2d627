package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.ClockProcess;
import dev.clock.testing.ExternalTool;
import dev.clock.testing.LineClient;
import dev.clock.testing.PrometheusText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code clock serve --http}: HTTP as curl, the JDK's HttpClient and hand-written requests speak it. */
@Timeout(120)
class HttpIT {
    private static ClockProcess server;
    private static int streamPort;
    private static int httpPort;
    private static int metricsPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        server = ClockProcess.start("serve", "-p", "0", "--http", "0", "--metrics", "0", "--zone", "Asia/Tokyo",
                "--max-per-source", "1000");
        streamPort = server.awaitServicePort("stream");
        httpPort = server.awaitServicePort("http");
        metricsPort = server.awaitServicePort("metrics");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void curlGetsThePageItsHeadAndTheTimeNow() throws Exception {
        String curl = ExternalTool.require("curl", "curl");
        String page = run(curl, "-sS", "-i", "http://127.0.0.1:" + httpPort + "/");
        assertThat(page).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: text/html; charset=utf-8")
                .contains("id=\"time\"");
        assertThat(page).doesNotContainPattern("(src|href)=\"https?:").doesNotContain("@import").doesNotContain("url(");
        String head = run(curl, "-sS", "-I", "http://127.0.0.1:" + httpPort + "/");
        assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n");
        assertThat(length(head)).isEqualTo(length(page)).isEqualTo(body(page).getBytes(StandardCharsets.UTF_8).length);

        String now = run(curl, "-sS", "-i", "http://127.0.0.1:" + httpPort + "/now");
        assertThat(now).contains("Content-Type: application/json").contains("Cache-Control: no-store");
        Matcher json = Pattern.compile("\\{\"epochMillis\": (\\d+), \"iso\": \"([^\"]+)\", \"zone\": \"Asia/Tokyo\", "
                + "\"zoneLabel\": \"Asia/Tokyo · JST \\(UTC\\+09:00\\)\", "
                + "\"line\": \"(\\d\\d:\\d\\d:\\d\\d)\"}\n").matcher(body(now));
        assertThat(json.matches()).as(body(now)).isTrue();
        long millis = Long.parseLong(json.group(1));
        assertThat(Math.abs(millis - System.currentTimeMillis())).isLessThan(5_000);
        assertThat(json.group(2)).endsWith("+09:00").contains("T" + json.group(3));
        assertThat(java.time.OffsetDateTime.parse(json.group(2)).toInstant().toEpochMilli()).isEqualTo(millis);
    }

    @Test
    void eventsAreTheStreamsLinesAsCurlReadsThem() throws Exception {
        String curl = ExternalTool.require("curl", "curl");
        Process p = new ProcessBuilder(curl, "-sS", "-N", "-i", "--max-time", "3.5", "http://127.0.0.1:" + httpPort + "/events")
                .redirectErrorStream(true).start();
        List<String> tcp;
        try (LineClient stream = new LineClient(streamPort)) {
            tcp = List.of(stream.readLine(), stream.readLine(), stream.readLine());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        assertThat(out).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: text/event-stream")
                .contains("Cache-Control: no-store\r\n").contains("\r\n\r\nretry: 1000\n\n");
        Matcher events = Pattern.compile("id: (\\d+)\ndata: (\\d\\d:\\d\\d:\\d\\d)\n\n").matcher(body(out));
        int count = 0;
        long lastId = 0;
        while (events.find()) {
            long id = Long.parseLong(events.group(1));
            assertThat(events.group(2)).as("the line of second %d in Tokyo", id)
                    .isEqualTo(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss").withZone(java.time.ZoneId.of("Asia/Tokyo"))
                            .format(Instant.ofEpochSecond(id)));
            if (count > 0) {
                assertThat(id).isEqualTo(lastId + 1);
            }
            lastId = id;
            count++;
        }
        assertThat(count).as(out).isGreaterThanOrEqualTo(3);
        assertThat(body(out)).contains("data: " + tcp.get(1) + "\n");
    }

    @Test
    void httpClientKeepsItsConnectionAndTheMetricsCountIt() throws Exception {
        long before = accepted();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/now")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("cache-control")).contains("no-store");
        }
        assertThat(accepted() - before).as("three requests over one kept connection").isEqualTo(1);
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        var m = PrometheusText.parse(scrape());
        assertThat(m.value("clock_lines_written_total{protocol=\"http\"}")).isPositive();
    }

    @Test
    void unknownPathsAndMethodsAndVersionsAreRefusedAsHttpSays() throws Exception {
        assertThat(exchange("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 404 Not Found\r\n");
        String post = exchange("POST /now HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(post).startsWith("HTTP/1.1 405 Method Not Allowed\r\n").contains("\r\nAllow: GET, HEAD\r\n");
        assertThat(exchange("DELETE /events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 405 ");
        assertThat(exchange("GET / HTTP/2.0\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 505 ").contains("Connection: close");
        assertThat(exchange("GET / HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400 ").contains("Host");
        assertThat(exchange("GET / HTTP/1.1\nHost: x\n\n")).startsWith("HTTP/1.1 400 ").contains("bare LF");
        assertThat(exchange("GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n")).startsWith("HTTP/1.1 400 ").contains("obs-fold");
        assertThat(exchange("GET / HTTP/1.1\r\nHost: x\u0000\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        String huge = "GET / HTTP/1.1\r\nHost: x\r\nCookie: " + "a".repeat(9 * 1024) + "\r\n\r\n";
        assertThat(exchange(huge)).startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
    }

    @Test
    void http10IsAnsweredAndClosedUnlessItAsksToKeepAlive() throws Exception {
        try (Socket s = connect()) {
            send(s, "GET /now HTTP/1.0\r\n\r\n");
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(all).startsWith("HTTP/1.1 200 OK\r\n").contains("Connection: close").contains("\"epochMillis\"");
        }
        try (Socket s = connect()) {
            send(s, "GET /now HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertThat(readResponse(s.getInputStream())).contains("Connection: keep-alive");
            send(s, "HEAD / HTTP/1.0\r\n\r\n");
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200 OK").contains("Connection: close");
            assertThat(s.getInputStream().read()).as("closed after the last").isEqualTo(-1);
        }
    }

    @Test
    void aConnectionServesAtMostAHundredRequests() throws Exception {
        try (Socket s = connect()) {
            send(s, "HEAD /now HTTP/1.1\r\nHost: x\r\n\r\n".repeat(101));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(all.split("HTTP/1.1 200 OK", -1)).hasSize(101);
            assertThat(all.split("Connection: keep-alive", -1)).hasSize(100);
            assertThat(all).endsWith("Connection: close\r\nContent-Length: " + length(all.substring(all.lastIndexOf("HTTP/1.1"))) + "\r\n\r\n");
        }
    }

    @Test
    void aClientThatSendsItsHeadSlowlyIsClosedAfterFiveSeconds() throws Exception {
        try (Socket idle = connect(); Socket slow = connect()) {
            long start = System.nanoTime();
            send(slow, "GET / HTTP/1.1\r\n");
            Thread.startVirtualThread(() -> {
                try {
                    for (int i = 0; i < 40; i++) {
                        Thread.sleep(250);
                        send(slow, "X-" + i + ": y\r\n");
                    }
                } catch (IOException | InterruptedException e) {
                    // closed by the server, as it should be
                }
            });
            slow.setSoTimeout(15_000);
            idle.setSoTimeout(15_000);
            assertThat(readQuietly(slow)).as("the slow head gets no answer, only the end").isEqualTo(-1);
            double slowSeconds = (System.nanoTime() - start) / 1e9;
            assertThat(readQuietly(idle)).isEqualTo(-1);
            double idleSeconds = (System.nanoTime() - start) / 1e9;
            assertThat(slowSeconds).isBetween(4.5, 8.0);
            assertThat(idleSeconds).isBetween(4.5, 8.0);
        }
    }

    private static int readQuietly(Socket s) throws IOException {
        try {
            return s.getInputStream().read();
        } catch (SocketException e) {
            return -1; // a reset: closed just as well
        }
    }

    private long accepted() throws Exception {
        return (long) PrometheusText.parse(scrape()).value("clock_connections_accepted_total{protocol=\"http\"}");
    }

    private String scrape() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", httpPort);
        s.setSoTimeout(10_000);
        return s;
    }

    static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One request on a new connection; the whole response. */
    static String exchange(String request) throws IOException {
        try (Socket s = connect()) {
            send(s, request);
            return readResponse(s.getInputStream());
        }
    }

    /** One response: its head, then Content-Length bytes of body. */
    static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed mid-head: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text + new String(in.readNBytes(length(text)), StandardCharsets.UTF_8);
    }

    static int length(String response) {
        Matcher m = Pattern.compile("Content-Length: (\\d+)\r\n").matcher(response);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
