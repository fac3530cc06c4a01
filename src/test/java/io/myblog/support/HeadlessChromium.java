package io.myblog.support;

import io.restassured.RestAssured;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium through its chromedriver, for the browser tests: one per test class, opened before its
 * first test and quit after its last ({@code @RegisterExtension static final HeadlessChromium CHROMIUM = new
 * HeadlessChromium();}); screenshots go to target/browser/.
 */
public final class HeadlessChromium implements BeforeAllCallback, AfterAllCallback {

    public static final Duration PAGE_WITHIN = Duration.ofSeconds(10);
    private static final String CHROMIUM = System.getProperty("myblog.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("myblog.chromedriver", "/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "browser");

    private ChromeDriver browser;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        browser = open();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.quit();
        }
    }

    /** The class's browser, open between its first and its last test. */
    public ChromeDriver browser() {
        return browser;
    }

    /** A browser, or a failure that says how to get one: never a skipped test. */
    private static ChromeDriver open() throws IOException {
        for (var binary : new String[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException(binary + " is missing: run .ci/install-test-tools (the README's test "
                        + "command does), or point -Dmyblog.chromium= and -Dmyblog.chromedriver= at them");
            }
        }
        Files.createDirectories(SCREENSHOTS);
        var options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run",
                "--lang=en-US", "--window-size=1280,900");
        var service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        var browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(PAGE_WITHIN);
        return browser;
    }

    public static void screenshot(ChromeDriver browser, String name) throws IOException {
        var shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** {@code path} on the service under test. */
    public static String url(String path) {
        return RestAssured.baseURI + ":" + RestAssured.port + path;
    }
}
