package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.Chromium;
import dev.clock.testing.ClockProcess;
import dev.clock.text.ZoneLabel;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code clock wall --http}: the wall's page in a real Chromium over three real servers in three
 * zones, each card's date and zone found one of the three ways {@code CardCalendar} has: London's
 * from its time alone, Tokyo's from the zone its operator named, Kathmandu's from its line.
 */
@Timeout(150)
class BrowserWallIT {
    private static final Map<String, String> ZONES = new LinkedHashMap<>();

    static {
        ZONES.put("London", "Europe/London");
        ZONES.put("Tokyo", "Asia/Tokyo");
        ZONES.put("Kathmandu", "Asia/Kathmandu"); // +05:45
    }

    /** Each clock's wall argument before =HOST:PORT, and its server's options beyond -p 0 --zone. */
    private static final Map<String, String> SPEC = Map.of("London", "London", "Tokyo", "Tokyo[Asia/Tokyo]", "Kathmandu", "Kathmandu");
    private static final Map<String, List<String>> FORMAT = Map.of("London", List.of(), "Tokyo", List.of(),
            "Kathmandu", List.of("--format", "yyyy-MM-dd HH:mm:ss xxx"));
    private static final Pattern HH_MM_SS = Pattern.compile("\\d\\d:\\d\\d:\\d\\d");

    @Test
    void theWallShowsEachZonesTimeAKilledServerAsDownAndItBackAfterARestart() throws Exception {
        Map<String, ClockProcess> servers = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        ChromeDriver browser = null;
        try {
            for (var zone : ZONES.entrySet()) {
                List<String> args = new ArrayList<>(List.of("serve", "-p", "0", "--zone", zone.getValue()));
                args.addAll(FORMAT.get(zone.getKey()));
                ClockProcess server = ClockProcess.start(args.toArray(String[]::new));
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
                wallArgs[i++] = SPEC.get(s.getKey()) + "=127.0.0.1:" + port;
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
                    assertCalendar(browser, name);
                }
                Chromium.screenshot(browser, "wall-page.png");

                // Read across a room: on a large screen the cards fill the window, their times large.
                browser.manage().window().setSize(new Dimension(1920, 1080));
                assertFills(browser, 0.9, 0.75);
                assertThat(timeFontPixels(browser)).as("a time's font on a 1920 x 1080 screen").isGreaterThan(90);
                Chromium.screenshot(browser, "wall-page-large.png");
                // A phone: one column of cards, each the screen's width, nothing cut off.
                browser.manage().window().setSize(new Dimension(390, 844));
                for (WebElement c : browser.findElements(By.className("card"))) {
                    assertThat(c.getRect().getWidth()).as("a card on a phone").isGreaterThan(300);
                    assertThat(c.findElement(By.className("time")).getRect().getWidth()).isLessThanOrEqualTo(c.getRect().getWidth());
                }
                assertThat(timeFontPixels(browser)).as("a time's font on a phone").isBetween(30, 70);
                Chromium.screenshot(browser, "wall-page-phone.png");
                browser.manage().window().setSize(new Dimension(1000, 420));

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
                assertCalendar(browser, "Tokyo");
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

    /** The card's date is its zone's today (or, just at midnight, the day on either side) and its zone is named once. */
    private static void assertCalendar(ChromeDriver browser, String name) {
        ZoneId zone = ZoneId.of(ZONES.get(name));
        WebElement calendar = card(browser, name).findElement(By.className("calendar"));
        Instant now = Instant.now();
        String expectedZone = name.equals("Tokyo") ? ZoneLabel.of(zone, now) : ZoneLabel.utc(zone.getRules().getOffset(now));
        assertThat(calendar.getDomAttribute("data-zone")).as(name).isEqualTo(expectedZone);
        assertThat(calendar.getDomAttribute("data-date")).as(name).isIn(
                LocalDate.ofInstant(now.minusSeconds(3), zone).toString(), LocalDate.ofInstant(now.plusSeconds(3), zone).toString());
        assertThat(calendar.getText()).as(name).endsWith(" · " + expectedZone)
                .contains(Integer.toString(LocalDate.ofInstant(now, zone).getYear()));
    }

    /** The cards together cover at least these fractions of the window's width and height. */
    private static void assertFills(ChromeDriver browser, double width, double height) {
        Object[] sizes = ((java.util.List<?>) browser.executeScript(
                "const r = document.getElementById('clocks').getBoundingClientRect();"
                        + "return [r.width, r.height, window.innerWidth, window.innerHeight];")).toArray();
        double[] n = java.util.Arrays.stream(sizes).mapToDouble(o -> ((Number) o).doubleValue()).toArray();
        assertThat(n[0] / n[2]).as("the cards' share of the width").isGreaterThanOrEqualTo(width);
        assertThat(n[1] / n[3]).as("the cards' share of the height").isGreaterThanOrEqualTo(height);
    }

    private static int timeFontPixels(ChromeDriver browser) {
        return (int) Double.parseDouble(browser.findElement(By.className("time")).getCssValue("font-size").replace("px", ""));
    }

    /** The card's time is the time in its server's zone, give or take the second that may tick while we look. */
    private static void assertInZone(ChromeDriver browser, String name) {
        String shown = card(browser, name).findElement(By.className("time")).getText();
        Matcher hms = HH_MM_SS.matcher(shown);
        assertThat(hms.find()).as("%s shows %s", name, shown).isTrue();
        LocalTime time = LocalTime.parse(hms.group());
        LocalTime expected = LocalTime.ofInstant(Instant.now(), ZoneId.of(ZONES.get(name)));
        long apart = Math.abs(Duration.between(time, expected).toSeconds());
        assertThat(Math.min(apart, 86_400 - apart)).as("%s shows %s, its zone's time is %s", name, shown, expected)
                .isLessThanOrEqualTo(2);
    }
}
