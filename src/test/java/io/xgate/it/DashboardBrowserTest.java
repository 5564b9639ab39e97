package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: headless Chromium (the Debian {@code chromium} and {@code chromium-driver}
 * packages, which {@code .ci/run} installs) driven by Selenium, against the gateway on the simulator. The page loads
 * with no console error, shows every configured venue LIVE, its ladder updates, and after a dislocation an
 * opportunity appears in the table and then closes with its lifetime and reason. It takes the README's screenshot
 * ({@code target/dashboard.png}; {@code -Ddashboard.screenshot=docs/dashboard.png} copies it there).
 */
class DashboardBrowserTest {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @TempDir
    Path dir;

    private Gateway gateway;
    private ChromeDriver browser;

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (gateway != null) {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theDashboardShowsLiveVenuesAMovingLadderAndAnOpportunity() throws Exception {
        assertTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(), "no " + CHROMIUM + " or "
                + CHROMEDRIVER + ": apt-get install -y chromium chromium-driver (.ci/run does it)");
        gateway = Gateway.start(new ConfigLoader(k -> null).load(SimConfig.write(dir, "", "23h")))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1500",
                        "--disable-gpu", "--no-first-run", "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(45));
        JavascriptExecutor js = browser;

        browser.get("http://127.0.0.1:" + gateway.adminPort() + "/");
        wait.until(b -> "live".equals(b.findElement(By.id("bus")).getAttribute("data-state")));

        // every configured venue LIVE: connected, each of its symbols LIVE
        for (String v : SimConfig.VENUES) {
            wait.withMessage(() -> "venue " + v + " not shown LIVE: " + text("#venues"))
                    .until(b -> !b.findElements(By.cssSelector("#venues tr[data-venue='" + v + "'] [data-live='true']"))
                            .isEmpty());
            Object states = js.executeScript("return [...document.querySelectorAll(\"#venues tr[data-venue='" + v
                    + "'] td.sync\")].map(e => e.textContent)");
            assertTrue(List.of("LIVE", "LIVE").equals(states), v + ": " + states);
        }

        // the chosen book's ladder updates: new tops, new sequence numbers
        String seq = wait.until(b -> {
            Object s = js.executeScript("return document.querySelector('#ladder').dataset.seq");
            return "-1".equals(s) || s == null ? null : s.toString();
        });
        long updates = ladderUpdates(js);
        wait.withMessage(() -> "the ladder did not update").until(b -> ladderUpdates(js) >= updates + 5
                && !seq.equals(js.executeScript("return document.querySelector('#ladder').dataset.seq")));
        assertTrue(browser.findElements(By.cssSelector("#ladder tr.bid")).size() >= 5, text("#ladder"));
        assertTrue(browser.findElements(By.cssSelector("#ladder tr.ask")).size() >= 5, text("#ladder"));

        // some seconds of mid prices on the chart (sampled 4 times a second), for the screenshot
        wait.until(b -> ((Number) js.executeScript("return page.mids.t.length")).longValue() >= 20);

        // a dislocation: binance quotes BTC-USDT 60 bps above the others for 4 s; the opportunity shows, open
        gateway.simulator().dislocate("binance", "BTC-USDT", 60, Duration.ofSeconds(4))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        wait.withMessage(() -> "no open opportunity: " + text("#opportunities"))
                .until(b -> !b.findElements(By.cssSelector("#opportunities tr[data-phase='open']")).isEmpty());
        String row = (String) js.executeScript(
                "const r = document.querySelector(\"#opportunities tr[data-phase='open']\"); return r ? r.innerText : ''");
        assertTrue(row.contains("BTC-USDT") && row.contains("binance"), row);
        wait.withMessage(() -> "no latency percentiles: " + text("#latency"))
                .until(b -> !b.findElements(By.cssSelector("#latency tbody tr")).isEmpty());
        long mids = ((Number) js.executeScript("return page.mids.t.length")).longValue();
        wait.until(b -> ((Number) js.executeScript("return page.mids.t.length")).longValue() >= Math.min(mids + 4, 480));
        screenshot();

        // and it closes, with its lifetime and reason
        wait.withMessage(() -> "the opportunity did not close: " + text("#opportunities"))
                .until(b -> (Boolean) js.executeScript("return [...document.querySelectorAll(\"#opportunities "
                        + "tr[data-phase='closed']\")].some(r => r.innerText.includes('BTC-USDT') && /\\d s/.test("
                        + "r.innerText) && r.querySelector('.reason').textContent.length > 0)"));

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue(errors.isEmpty(), "console errors: " + errors);
    }

    private static long ladderUpdates(JavascriptExecutor js) {
        Object n = js.executeScript("return document.querySelector('#ladder').dataset.updates || '0'");
        return Long.parseLong(n.toString());
    }

    private String text(String css) {
        return String.valueOf(((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css));
    }

    private void screenshot() throws Exception {
        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        String copy = System.getProperty("dashboard.screenshot");
        if (copy != null && !copy.isBlank()) {
            Files.createDirectories(Path.of(copy).toAbsolutePath().getParent());
            Files.copy(shot, Path.of(copy), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
