package dev.clock.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real, headless Chromium driven by Debian's chromedriver, for the pages' tests. The driver and
 * the browser are given by path, so Selenium Manager never looks for (or downloads) either. Missing,
 * the test is skipped with the reason, or fails in CI (see {@link ExternalTool}).
 */
public final class Chromium {
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path BROWSER = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    /** A new browser with a window of {@code width} x {@code height}; quit it when done. */
    public static ChromeDriver start(int width, int height) {
        ExternalTool.require("chromedriver", "chromium-driver");
        ExternalTool.require("chromium", "chromium");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(30))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height, "--hide-scrollbars", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync");
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    /** Makes the page see {@code prefers-color-scheme: dark} or {@code light}, as a device's setting would. */
    public static void colorScheme(ChromeDriver driver, String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** Saves a screenshot of the window under target/screenshots, for a person to look at. */
    public static Path screenshot(ChromeDriver driver, String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }
}
