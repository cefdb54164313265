package io.kairos.demo;

import io.kairos.loadgen.engine.LocalFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium driven through Debian's chromedriver, headless, with a fresh profile and
 * nothing that reaches the network by itself. Both paths are given to Selenium, so its Selenium
 * Manager never looks for (or downloads) a browser or a driver.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BROWSER = Path.of(System.getProperty("kairos.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("kairos.chromedriver", "/usr/bin/chromedriver"));

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    /** Null if this machine has them both, else what is missing and how to install it. */
    static String missing() {
        if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
            return null;
        }
        return "SKIPPED: the console's browser test needs " + BROWSER + " and " + DRIVER
                + " (Debian: apt-get install -y chromium chromium-driver; .ci/run installs them)";
    }

    HeadlessChromium() throws IOException {
        profile = Files.createTempDirectory("kairos-chromium");
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1600", "--user-data-dir=" + profile);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    /** The whole page as it shows now (up to 3000 px tall), as PNG. */
    Path screenshot(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Dimension window = driver.manage().window().getSize();
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(window.getWidth(), Math.min(3000, Math.max(600, height.intValue() + 120))));
        File shot = driver.getScreenshotAs(OutputType.FILE);
        driver.manage().window().setSize(window);
        Path target = dir.resolve(name + ".png");
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        try { // the driver's temp file is private; a report is for reading
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults stand
        }
        return target;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try {
                LocalFiles.deleteRecursively(profile);
            } catch (IOException e) {
                // a temp dir left behind is no failure of the test
            }
        }
    }
}
