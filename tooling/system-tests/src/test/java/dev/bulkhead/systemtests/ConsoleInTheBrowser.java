package dev.bulkhead.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.bulkhead.devstack.state.AdminAccount;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console as an admin uses it, in a real (headless) Chromium against the running stack:
 * signs in, watches an order's saga reach CONFIRMED, replays a dead letter, freezes inventory-service
 * from the page and sees
 * the gateway's products breaker open while requests hit it, unfreezes it and sees the breaker close.
 * A user who is not an admin gets 403 from the console API, and no token gets 401. Screenshots of each
 * stage go to target/console-screenshots/.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} (.ci/run installs them): without
 * them the test fails, it never skips.
 */
final class ConsoleInTheBrowser {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private static final Duration PAGE_WAIT = Duration.ofSeconds(60);
    private static final String INVENTORY = "inventory";
    private static final String PRODUCTS_BREAKER = "gateway/products";

    /** More than the products breaker's minimum number of calls (10), all at once. */
    private static final int CALLS_TO_JUDGE = 14;

    private final Gateway gateway;
    private final OrderSaga saga;
    private final String adminPassword;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    ConsoleInTheBrowser(Gateway gateway, OrderSaga saga, String adminPassword) {
        this.gateway = gateway;
        this.saga = saga;
        this.adminPassword = adminPassword;
    }

    void refusesTheConsoleApiToAUserWhoIsNotAnAdmin() throws Exception {
        var user = gateway.newUser("Console Visitor");

        gateway.get("/api/v1/console/snapshot", user).expect(403);
        gateway.send("POST", "/api/v1/console/controls", user, "{\"target\":\"inventory\",\"action\":\"freeze\"}")
                .expect(403);
        gateway.get("/api/v1/console/snapshot", null).expect(401);
    }

    void showsTheSagaAndTheBreakerOpenWhenItsServiceIsFrozenThenRecovering() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        WebDriver browser = headlessChromium();
        try {
            var page = new WebDriverWait(browser, PAGE_WAIT);
            signIn(browser, page);

            // an order placed through the API, watched in the page
            var buyer = gateway.newUser("Console Buyer");
            String orderId = saga.place(buyer, OrderSaga.order("tok_ok", OrderSaga.PLENTIFUL, 1))
                    .expect(202)
                    .json()
                    .path("id")
                    .asString();
            page.until(
                    ExpectedConditions.textToBe(By.cssSelector("[data-order='" + orderId + "'] .status"), "CONFIRMED"));
            screenshot(browser, "1-saga-confirmed");

            replaysADeadLetterFromThePage(browser);

            // freeze inventory-service from the page, then give the products breaker calls to judge
            click(page, INVENTORY, "freeze");
            page.until(ExpectedConditions.textToBe(stateOf(INVENTORY), "frozen"));
            callProducts(CALLS_TO_JUDGE);
            page.until(ExpectedConditions.textToBe(breakerState(), "OPEN"));
            page.until(ExpectedConditions.textMatches(
                    By.cssSelector("[data-instance='http://localhost:8085'] .health"), Pattern.compile("NO ANSWER.*")));
            screenshot(browser, "2-breaker-open");

            // restore it: trial calls after the breaker's wait close it again
            click(page, INVENTORY, "unfreeze");
            page.until(ExpectedConditions.textToBe(stateOf(INVENTORY), "running"));
            awaitClosedWhileCalling(browser);
            assertThat(text(browser, By.cssSelector("[data-breaker='" + PRODUCTS_BREAKER + "'] .transitions")))
                    .contains("CLOSED→OPEN");
            screenshot(browser, "3-recovered");
        } finally {
            try {
                screenshot(browser, "last");
            } finally {
                browser.quit();
                unfreezeInventory();
            }
        }
    }

    /**
     * A record no consumer can read, sent to user-events: every group dead-letters it at once. It shows
     * in the page, and its Replay button re-publishes it to user-events (where it is dead-lettered
     * again: the consumers decide, the console only re-sends).
     */
    private static void replaysADeadLetterFromThePage(WebDriver browser) throws Exception {
        String marker = UUID.randomUUID().toString();
        new EventLog("localhost:9092", Duration.ofSeconds(30))
                .send("user-events", "console-poison", "{\"not-an-event\": \"" + marker);
        var poison = By.xpath("//div[@data-topic='user-events.DLT']//tr[.//code[contains(., '" + marker + "')]]");
        // the panel reads the dead-letter topics every 10 s; ask it now and then
        String letter = new WebDriverWait(browser, PAGE_WAIT, Duration.ofSeconds(2))
                .ignoring(StaleElementReferenceException.class)
                .until(b -> {
                    b.findElement(By.id("refresh-dead-letters")).click();
                    var rows = b.findElements(poison);
                    return rows.isEmpty() ? null : rows.getFirst().getAttribute("data-letter");
                });
        // that record, by topic/partition/offset: its replay is dead-lettered again, as newer rows
        var replay = By.cssSelector("[data-letter='" + letter + "'] button.replay");
        new WebDriverWait(browser, PAGE_WAIT)
                .ignoring(StaleElementReferenceException.class)
                .until(b -> {
                    b.findElement(replay).click();
                    return true;
                });
        new WebDriverWait(browser, PAGE_WAIT)
                .ignoring(StaleElementReferenceException.class)
                .until(b -> b.findElement(replay).getText().startsWith("replayed → user-events-"));
    }

    private void signIn(WebDriver browser, WebDriverWait page) {
        browser.get("http://localhost:8080/console");
        page.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        var email = browser.findElement(By.id("email"));
        email.clear();
        email.sendKeys(AdminAccount.DEFAULT_EMAIL);
        browser.findElement(By.id("password")).sendKeys(adminPassword);
        browser.findElement(By.id("sign-in")).click();
        page.until(ExpectedConditions.visibilityOfElementLocated(By.id("console")));
        // every instance of the seven applications is listed, with its health
        page.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#instances tbody tr"), 6));
        page.until(ExpectedConditions.textToBe(By.id("saga-stream"), "live"));
    }

    /** The page redraws its tables every few seconds: a button found just before a redraw is clicked again. */
    private static void click(WebDriverWait page, String target, String action) {
        var button = By.cssSelector("[data-target='" + target + "'] button[data-action='" + action + "']");
        page.ignoring(StaleElementReferenceException.class).until(browser -> {
            browser.findElement(button).click();
            return true;
        });
    }

    private static String text(WebDriver browser, By element) {
        return new WebDriverWait(browser, Duration.ofSeconds(5))
                .ignoring(StaleElementReferenceException.class)
                .until(b -> b.findElement(element).getText());
    }

    private static By stateOf(String target) {
        return By.cssSelector("[data-target='" + target + "'] .state");
    }

    private static By breakerState() {
        return By.cssSelector("[data-breaker='" + PRODUCTS_BREAKER + "'] .state");
    }

    /** Concurrent catalogue reads through the gateway; each ends when the gateway answers (a 504 or 503 here). */
    private void callProducts(int calls) {
        CompletableFuture.allOf(IntStream.range(0, calls)
                        .mapToObj(i -> http.sendAsync(
                                HttpRequest.newBuilder(URI.create("http://localhost:8080/api/v1/products"))
                                        .timeout(Duration.ofSeconds(30))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding()))
                        .toArray(CompletableFuture[]::new))
                .exceptionally(failure -> null)
                .join();
    }

    /** The breaker waits 10 s open, then lets trial calls through: keep calling until the page shows it closed. */
    private void awaitClosedWhileCalling(WebDriver browser) throws InterruptedException {
        long deadline = System.nanoTime() + PAGE_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            callProducts(1);
            if (text(browser, breakerState()).equals("CLOSED")) return;
            Thread.sleep(500);
        }
        fail("the products breaker did not close within " + PAGE_WAIT
                + " of unfreezing inventory-service; the page shows "
                + text(browser, breakerState()));
    }

    /** Whatever happened above, the stack is left running for the tests after this one and its stop check. */
    private void unfreezeInventory() throws Exception {
        var admin = gateway.login(AdminAccount.DEFAULT_EMAIL, adminPassword);
        var targets = gateway.get("/api/v1/console/controls", admin);
        if (targets.status() == 200
                && targets.raw().body().contains("\"name\":\"inventory\",\"kind\":\"instance\",\"state\":\"frozen\"")) {
            gateway.send(
                    "POST", "/api/v1/console/controls", admin, "{\"target\":\"inventory\",\"action\":\"unfreeze\"}");
        }
    }

    /** From the top of the page: service map, breakers and the break-it controls fit in one window. */
    private static void screenshot(WebDriver browser, String name) throws Exception {
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        var png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Debian's chromium and chromium-driver, found on PATH; the page's whole length in one screenshot. */
    static WebDriver headlessChromium() {
        var browser = onPath("chromium", "chromium-browser");
        var driver = onPath("chromedriver");
        if (browser.isEmpty() || driver.isEmpty()) {
            fail("The console's browser test needs headless Chromium and its driver, and found "
                    + (browser.isEmpty() ? "no chromium" : browser.get()) + " and "
                    + (driver.isEmpty() ? "no chromedriver" : driver.get())
                    + " on PATH. Install them: apt-get install chromium chromium-driver");
        }
        var options = new ChromeOptions()
                .setBinary(browser.get().toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox", // CI runs as root, where Chromium's sandbox cannot start
                        "--disable-dev-shm-usage",
                        "--disable-gpu",
                        "--window-size=1400,2200");
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.get().toFile())
                .build();
        return new ChromeDriver(service, options);
    }

    private static Optional<Path> onPath(String... names) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .flatMap(dir -> Stream.of(names).map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
