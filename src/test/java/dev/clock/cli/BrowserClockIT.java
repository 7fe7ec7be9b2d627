package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.Chromium;
import dev.clock.testing.ClockProcess;
import dev.clock.testing.LineClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** {@code clock serve --http}: the page in a real Chromium, against the real server. */
@Timeout(120)
class BrowserClockIT {
    private static final String ZONE = "Asia/Kolkata"; // +05:30: no host's zone by accident, and not a whole hour
    private static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() {
        browser = Chromium.start(1000, 640);
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void thePageShowsEachOfTheServersLinesAsItsTickArrives() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "-p", "0", "--http", "0", "--zone", ZONE)) {
            int streamPort = server.awaitServicePort("stream");
            int httpPort = server.awaitServicePort("http");
            browser.get("http://127.0.0.1:" + httpPort + "/");
            awaitStatus("live");
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("zone")).getText().contains(ZONE));
            assertThat(browser.findElement(By.id("zone")).getText()).isEqualTo(ZONE + " · IST (UTC+05:30)");
            // Each change of the displayed time, noted by the page's own clock, which is the test's.
            browser.executeScript("window.seen = [];"
                    + "const t = document.getElementById('time');"
                    + "new MutationObserver(() => window.seen.push([t.textContent, Date.now()]))"
                    + ".observe(t, {childList: true, characterData: true, subtree: true});");

            List<String> lines = new ArrayList<>();
            List<Long> arrivals = new ArrayList<>();
            try (LineClient tcp = new LineClient(streamPort)) {
                tcp.readLine(); // the second under way, sent on connect
                for (int i = 0; i < 3; i++) {
                    lines.add(tcp.readLine());
                    arrivals.add(System.currentTimeMillis());
                }
            }
            Thread.sleep(400); // the last change's window
            @SuppressWarnings("unchecked")
            List<List<Object>> seen = (List<List<Object>>) browser.executeScript("return window.seen;");
            DateTimeFormatter inZone = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.of(ZONE));
            for (int i = 0; i < 3; i++) {
                String line = lines.get(i);
                long tcpAt = arrivals.get(i);
                assertThat(line).as("the stream's line is in the server's zone")
                        .isIn(inZone.format(Instant.ofEpochMilli(tcpAt)), inZone.format(Instant.ofEpochMilli(tcpAt - 1000)));
                long pageAt = seen.stream().filter(s -> s.get(0).equals(line)).mapToLong(s -> ((Number) s.get(1)).longValue())
                        .findFirst().orElseThrow(() -> new AssertionError("the page never showed " + line + "; it showed " + seen));
                assertThat(Math.abs(pageAt - tcpAt)).as("ms between the stream's %s and the page's", line).isLessThanOrEqualTo(300);
            }
        }
    }

    /** Issue 25: a server in UTC showed "Etc/UTC · UTC", the zone twice. */
    @Test
    void aServerInUtcIsSaidToBeInUtcOnce() throws Exception {
        for (String utc : List.of("Etc/UTC", "UTC")) {
            try (ClockProcess server = ClockProcess.start("serve", "--no-stream", "--http", "0", "--zone", utc)) {
                browser.get("http://127.0.0.1:" + server.awaitServicePort("http") + "/");
                awaitStatus("live");
                new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.findElement(By.id("zone")).getText().isBlank());
                assertThat(browser.findElement(By.id("zone")).getText()).as(utc).isEqualTo("UTC");
            }
        }
    }

    @Test
    void thePageMeasuresThisDevicesOffsetFromTheServer() throws Exception {
        try (ClockProcess server = ClockProcess.start("serve", "--no-stream", "--http", "0", "--zone", ZONE)) {
            int httpPort = server.awaitServicePort("http");
            browser.get("http://127.0.0.1:" + httpPort + "/");
            awaitStatus("live");
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(d -> d.findElement(By.id("offset")).getDomAttribute("data-offset-ms") != null);
            var offset = browser.findElement(By.id("offset"));
            double offsetMs = Double.parseDouble(offset.getDomAttribute("data-offset-ms"));
            double uncertaintyMs = Double.parseDouble(offset.getDomAttribute("data-uncertainty-ms"));
            Matcher text = Pattern.compile("this device is (\\d+\\.\\d+) s (ahead|behind), ±(\\d+\\.\\d+) s").matcher(offset.getText());
            assertThat(text.matches()).as(offset.getText()).isTrue();
            assertThat(Math.abs(offsetMs)).as("the same machine's clock, measured over loopback").isLessThanOrEqualTo(50);
            assertThat(uncertaintyMs).isBetween(0.0, 50.0);
            assertThat(Double.parseDouble(text.group(1)) * 1000).isCloseTo(Math.abs(offsetMs), org.assertj.core.data.Offset.offset(1.0));
            Chromium.colorScheme(browser, "light");
            Chromium.screenshot(browser, "clock-page.png");
            Chromium.colorScheme(browser, "dark");
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 760));
            Chromium.screenshot(browser, "clock-page-phone-dark.png");
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1000, 640));
            Chromium.colorScheme(browser, "light");
        }
    }

    @Test
    void thePageSaysReconnectingWhileTheServerIsAwayAndIsLiveWhenItComesBack() throws Exception {
        int httpPort;
        try (ClockProcess first = ClockProcess.start("serve", "--no-stream", "--http", "0", "--zone", ZONE)) {
            httpPort = first.awaitServicePort("http");
            browser.get("http://127.0.0.1:" + httpPort + "/");
            awaitStatus("live");
            first.terminate();
            first.awaitExit(Duration.ofSeconds(10));
            awaitStatus("reconnecting");
        }
        try (ClockProcess second = ClockProcess.start("serve", "--no-stream", "--http", Integer.toString(httpPort), "--zone", ZONE)) {
            second.awaitServicePort("http");
            awaitStatus("live");
            String before = browser.findElement(By.id("time")).getText();
            new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> !d.findElement(By.id("time")).getText().equals(before));
        }
    }

    private static void awaitStatus(String status) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).withMessage(() -> "status "
                        + browser.findElement(By.id("status")).getText() + ", not " + status)
                .until(d -> d.findElement(By.id("status")).getText().equals(status));
    }
}
