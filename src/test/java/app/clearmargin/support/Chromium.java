package app.clearmargin.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium for the browser tests: Debian's {@code /usr/bin/chromium} driven by Debian's
 * {@code /usr/bin/chromedriver} through Selenium. Nothing is ever downloaded: both paths are given
 * explicitly (so Selenium Manager, which would look for or fetch a browser and a driver, never runs),
 * and the browser starts with a fresh profile in a temporary directory, without background
 * networking, component updates or sync. One browser per test class: {@link #start()} in a
 * {@code @BeforeAll}, {@link #close()} in an {@code @AfterAll}.
 *
 * <p>Without {@code /usr/bin/chromium} the test class is skipped with a message saying what to install,
 * unless {@code CLEARMARGIN_REQUIRE_BROWSER=true} (CI sets it), in which case it fails.
 */
public final class Chromium implements AutoCloseable {

    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    public static final String REQUIRE = "CLEARMARGIN_REQUIRE_BROWSER";

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    /** A new headless browser with a desktop-sized window (1280 × 900). */
    public static Chromium start() {
        requireInstalled();
        // the driver by its path, for anything in Selenium that looks it up by the system property
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, DRIVER.toString());
        Path profile;
        try {
            profile = Files.createTempDirectory("clearmargin-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return new Chromium(service, driver, profile);
    }

    private static void requireInstalled() {
        if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
            return;
        }
        String message = "browser tests need Debian's chromium and chromium-driver (" + BROWSER + ", " + DRIVER
                + "): apt-get install -y chromium chromium-driver";
        if ("true".equals(System.getenv(REQUIRE))) {
            fail(message + " (" + REQUIRE + "=true: required here)");
        }
        abort(message + "; skipped (set " + REQUIRE + "=true to fail instead)");
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * The viewport as a phone's: {@code width} CSS pixels wide at device scale 1, as mobile (the page's
     * {@code <meta name="viewport">} applies). Through the DevTools protocol, as the window itself
     * cannot be made narrower than the browser's minimum.
     */
    public void viewport(int width, int height, boolean mobile) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** Back to the window's own size. */
    public void desktop() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.close();
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(profile)) {
            List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover profile in the temp directory is harmless
        }
    }
}
