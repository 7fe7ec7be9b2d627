package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.Chromium;
import dev.clock.testing.ClockProcess;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** {@code clock wall --http}: the wall's page in a real Chromium over three real servers in three zones. */
@Timeout(150)
class BrowserWallIT {
    private static final Map<String, String> ZONES = new LinkedHashMap<>();

    static {
        ZONES.put("London", "Europe/London");
        ZONES.put("Tokyo", "Asia/Tokyo");
        ZONES.put("Kathmandu", "Asia/Kathmandu"); // +05:45
    }

    @Test
    void theWallShowsEachZonesTimeAKilledServerAsDownAndItBackAfterARestart() throws Exception {
        Map<String, ClockProcess> servers = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        ChromeDriver browser = null;
        try {
            for (var zone : ZONES.entrySet()) {
                ClockProcess server = ClockProcess.start("serve", "-p", "0", "--zone", zone.getValue());
                servers.put(zone.getKey(), server);
            }
            String[] wallArgs = new String[3 + ZONES.size()];
            wallArgs[0] = "wall";
            wallArgs[1] = "--http";
            wallArgs[2] = "0";
            int i = 3;
            for (var s : servers.entrySet()) {
                int port = s.getValue().awaitListeningPort();
                ports.put(s.getKey(), port);
                wallArgs[i++] = s.getKey() + "=127.0.0.1:" + port;
            }
            // No terminal: the wall only serves its page, and keeps serving.
            try (ClockProcess wall = ClockProcess.start(wallArgs)) {
                int httpPort = Integer.parseInt(wall.awaitLog(Pattern.compile("clock wall: http listening on \\S+:(\\d+)"),
                        Duration.ofSeconds(15)).group(1));
                browser = Chromium.start(1000, 420);
                browser.get("http://127.0.0.1:" + httpPort + "/");
                for (String name : ZONES.keySet()) {
                    awaitCard(browser, name, "up");
                }
                for (String name : ZONES.keySet()) {
                    assertInZone(browser, name);
                }
                Chromium.screenshot(browser, "wall-page.png");

                servers.get("Tokyo").process().destroyForcibly().waitFor();
                awaitCard(browser, "Tokyo", "down");
                assertThat(card(browser, "Tokyo").findElement(By.className("status")).getText()).startsWith("down (");
                awaitCard(browser, "London", "up");
                Chromium.screenshot(browser, "wall-page-down.png");

                ClockProcess again = ClockProcess.start("serve", "-p", Integer.toString(ports.get("Tokyo")), "--zone", "Asia/Tokyo");
                servers.put("Tokyo", again);
                again.awaitListeningPort();
                awaitCard(browser, "Tokyo", "up");
                assertInZone(browser, "Tokyo");
                assertThat(wall.process().isAlive()).isTrue();
            }
        } finally {
            if (browser != null) {
                browser.quit();
            }
            servers.values().forEach(ClockProcess::close);
        }
    }

    private static WebElement card(ChromeDriver browser, String name) {
        return browser.findElement(By.cssSelector(".card[data-name='" + name + "']"));
    }

    private static void awaitCard(ChromeDriver browser, String name, String status) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(() -> name + " is not " + status + ": "
                        + browser.findElement(By.id("clocks")).getText())
                .until(d -> !d.findElements(By.cssSelector(".card[data-name='" + name + "'][data-status='" + status + "']")).isEmpty());
    }

    /** The card's time is the time in its server's zone, give or take the second that may tick while we look. */
    private static void assertInZone(ChromeDriver browser, String name) {
        String shown = card(browser, name).findElement(By.className("time")).getText();
        LocalTime time = LocalTime.parse(shown);
        LocalTime expected = LocalTime.ofInstant(Instant.now(), ZoneId.of(ZONES.get(name)));
        long apart = Math.abs(Duration.between(time, expected).toSeconds());
        assertThat(Math.min(apart, 86_400 - apart)).as("%s shows %s, its zone's time is %s", name, shown, expected)
                .isLessThanOrEqualTo(2);
    }
}
