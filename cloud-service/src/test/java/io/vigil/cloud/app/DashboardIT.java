package io.vigil.cloud.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micronaut.context.ApplicationContext;
import io.vigil.brokers.testkit.KafkaBrokerExtension;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.cloud.TestCloud;
import io.vigil.cloud.TestEvents;
import io.vigil.cloud.auth.Role;
import io.vigil.cloud.auth.UserStore;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.EventType;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.Telemetry;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless browser (Debian's chromium through chromedriver) against the
 * whole pipeline: the leaderboard fills from events a device published over MQTT, an event opens
 * with its sensor snippet plotted, dismissing it changes the fleet's score, and a new event appears
 * in the live feed without a reload. Skipped where chromium is not installed ({@code .ci/run}
 * installs it).
 */
class DashboardIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  @TempDir Path dir;

  private final ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());

  @Test
  void aReviewerSeesTheLeaderboardOpensAnEventDismissesItAndSeesTheScoreChange() throws Exception {
    assumeTrue(
        CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
        "chromium and chromium-driver are not installed");
    DeviceAddress truck = new DeviceAddress("acme", "truck-1");
    // Today, so that the dashboard's default period (the last 7 days) covers it.
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(300);
    try (ApplicationContext app = TestCloud.start(KAFKA, MQTT, dir);
        ReconnectingMqttClient device = TestCloud.device(MQTT, truck)) {
      SafetyEvent brake =
          TestEvents.event("acme", "truck-1", "d-1", EventType.HARSH_BRAKING, now.minusSeconds(60));
      SafetyEvent crash = TestEvents.event("acme", "truck-1", "d-1", EventType.COLLISION, now);
      Telemetry trip =
          TestEvents.trip(
              "acme", "truck-1", "d-1", "trip-1", 50_000, Telemetry.TripState.DRIVING, now);
      publish(device, Topics.telemetry(truck), codec.encode(trip));
      publish(device, Topics.events(truck), codec.encode(brake));
      publish(device, Topics.events(truck), codec.encode(crash));

      UserStore users = UserStore.open(dir.resolve("users"));
      String reviewerPassword = users.add("rita", "acme", Role.REVIEWER);
      String viewerPassword = users.add("victor", "acme", Role.VIEWER);
      String otherFleetPassword = users.add("olga", "other-fleet", Role.ADMIN);
      WebDriver browser = browser();
      try {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        // A timeout says what the page last reported.
        wait.withMessage(() -> "page status: " + browser.findElement(By.id("status")).getText());
        String page = TestCloud.url(app) + "/dashboard/index.html";
        browser.get(page);
        logIn(browser, wait, "rita", "not-her-password");
        wait.until(
            ExpectedConditions.textToBe(By.id("login-error"), "Wrong user name or password."));
        logIn(browser, wait, "rita", reviewerPassword);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("board-rows")));
        assertThat(browser.findElement(By.id("user-name")).getText()).isEqualTo("rita (reviewer)");
        // The pipeline may still be starting: reload until the leaderboard has both events (the
        // session survives a reload).
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        do {
          browser.get(page);
          Thread.sleep(1_500);
        } while (!browser.findElement(By.id("board-rows")).getText().contains("d-1 70")
            && System.nanoTime() < deadline);
        assertThat(browser.findElement(By.id("board-rows")).getText()).contains("d-1", "70");
        wait.until(ExpectedConditions.textToBe(By.id("fleet-score"), "70"));

        // The event list loads apart from the score: wait for the row, not only the score.
        wait.until(
                ExpectedConditions.elementToBeClickable(
                    By.cssSelector("#event-list [data-event='" + crash.eventId() + "']")))
            .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("snippet-plot")));
        assertThat(browser.findElements(By.cssSelector("#snippet-plot path")))
            .hasSize(3)
            .allSatisfy(p -> assertThat(p.getAttribute("d")).startsWith("M"));
        assertThat(browser.findElement(By.id("detail-fields")).getText()).contains("collision");
        screenshot(browser, "dashboard-event.png");

        browser.findElement(By.cssSelector("#review-form button[value='dismissed']")).click();
        wait.until(ExpectedConditions.textToBe(By.id("fleet-score"), "90"));
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("board-rows"), "d-1 90"));
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("detail-fields"), "dismissed"));

        SafetyEvent swerve =
            TestEvents.event(
                "acme", "truck-1", "d-1", EventType.HARSH_CORNERING, now.plusSeconds(30));
        publish(device, Topics.events(truck), codec.encode(swerve));
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#live-feed [data-event='" + swerve.eventId() + "']")));
        screenshot(browser, "dashboard-overview.png");

        // Coaching keeps the event counted: the score stays 80 (braking and cornering).
        browser
            .findElement(By.cssSelector("#live-feed [data-event='" + swerve.eventId() + "']"))
            .click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("detail-title"), swerve.eventId().toString().substring(0, 8)));
        browser.findElement(By.cssSelector("#review-form button[value='needs_coaching']")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("detail-fields"), "needs_coaching"));
        wait.until(ExpectedConditions.textToBe(By.id("fleet-score"), "80"));

        // The driver's page: score history and the driver's events.
        browser.findElement(By.linkText("d-1")).click();
        wait.until(ExpectedConditions.textToBe(By.id("entity-title"), "Driver d-1"));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#entity-events li"), 3));
        assertThat(browser.findElement(By.cssSelector("#entity-history path")).getAttribute("d"))
            .startsWith("M");
        screenshot(browser, "dashboard-driver.png");

        // The model page lists the vehicle; its link opens the vehicle's page.
        browser.get(page + "#models");
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("models-rows"), "truck-1"));
        browser.findElement(By.linkText("truck-1")).click();
        wait.until(ExpectedConditions.textToBe(By.id("entity-title"), "Vehicle truck-1"));
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("entity-fields"), "Online"));
        browser.get(page + "#");

        // An admin rolls the registered model out to the fleet's vehicle and back, from the page.
        register(TestCloud.url(app), TestCloud.token(app, dir, "acme", Role.ADMIN));
        String adminPassword = users.add("ada", "acme", Role.ADMIN);
        browser.findElement(By.id("logout")).click();
        logIn(browser, wait, "ada", adminPassword);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("board-rows")));
        browser.get(page + "#models");
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("registry-rows"), "1.0.0"));
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("rollout-summary"), "No rollout yet"));
        browser.findElement(By.id("rollout-percent")).clear();
        browser.findElement(By.id("rollout-percent")).sendKeys("100");
        browser.findElement(By.cssSelector("#rollout-start button[type=submit]")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("rollout-summary"),
                "vigil-driving 1.0.0: canary, 100% cohort of 1 vehicles"));
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("rollout-rows"), "Canary"));
        screenshot(browser, "dashboard-rollout.png");
        browser.findElement(By.id("rollout-reason")).sendKeys("not today");
        browser.findElement(By.cssSelector("[data-step=rollback]")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("rollout-summary"), "rolled back"));
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("rollout-history"), "by ada: not today"));

        // The truck drives rough roads: its inputs drift from 1.0.0's training data, and the page
        // says so, with the histograms of the worst channel and the retraining suggestion.
        publish(
            device,
            Topics.status(truck),
            codec.encode(
                TestEvents.modelStatus(
                    "acme",
                    "truck-1",
                    "1.0.0",
                    io.vigil.protocol.DeviceStatus.UpdateState.ACTIVE,
                    "1.0.0",
                    now.plusSeconds(1))));
        long[] rough = TestEvents.roughRoad(270_000);
        publish(
            device,
            Topics.telemetry(truck),
            codec.encode(
                TestEvents.inputs(
                    TestEvents.trip(
                        "acme",
                        "truck-1",
                        "d-1",
                        "trip-1",
                        50_000,
                        Telemetry.TripState.DRIVING,
                        now.plusSeconds(60)),
                    java.util.Map.of("accel_z", rough))));
        long driftDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        do {
          browser.get(page + "#");
          browser.get(page + "#models");
          Thread.sleep(1_000);
        } while (!browser.findElement(By.id("drift-summary")).getText().contains("Retraining")
            && System.nanoTime() < driftDeadline);
        assertThat(browser.findElement(By.id("drift-summary")).getText())
            .startsWith(
                "Retraining suggested: accel_z drifted from the training data of vigil-driving"
                    + " 1.0.0");
        assertThat(browser.findElement(By.id("drift-rows")).getText())
            .contains("1.0.0", "significant", "accel_z");
        assertThat(browser.findElements(By.cssSelector("#drift-plot rect"))).hasSize(2 * 42);
        screenshot(browser, "dashboard-drift.png");

        // The admin asks for a retraining job from the page, the suggestion as its reason. No
        // trainer runs here, so it waits for one.
        assertThat(browser.findElement(By.id("retraining-summary")).getText())
            .isEqualTo("No retraining jobs yet.");
        assertThat(browser.findElement(By.id("retraining-reason")).getAttribute("value"))
            .startsWith("drift: accel_z drifted");
        browser.findElement(By.cssSelector("#retraining-start button[type=submit]")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("retraining-summary"),
                "vigil-driving 1.1.0 from 1.0.0: requested, waiting for the trainer (0%)."));
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("retraining-rows"), "ada"));
        assertThat(browser.findElement(By.id("retraining-start")).isDisplayed())
            .as("one job at a time")
            .isFalse();
        browser.get(page + "#");

        // A viewer sees the same fleet but cannot review.
        browser.findElement(By.id("logout")).click();
        logIn(browser, wait, "victor", viewerPassword);
        // 80: the dismissed collision no longer counts, the cornering just sent does.
        wait.until(ExpectedConditions.textToBe(By.id("fleet-score"), "80"));
        // The event list loads apart from the score: wait for the row, not only the score.
        wait.until(
                ExpectedConditions.elementToBeClickable(
                    By.cssSelector("#event-list [data-event='" + crash.eventId() + "']")))
            .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("snippet-plot")));
        assertThat(browser.findElement(By.id("review-form")).isDisplayed()).isFalse();

        // A user of another fleet sees nothing of this one, not even in the live feed.
        browser.findElement(By.id("logout")).click();
        logIn(browser, wait, "olga", otherFleetPassword);
        wait.until(ExpectedConditions.textToBe(By.id("board-page"), "nobody has driven yet"));
        SafetyEvent another =
            TestEvents.event(
                "acme", "truck-1", "d-1", EventType.HARSH_BRAKING, now.plusSeconds(40));
        publish(device, Topics.events(truck), codec.encode(another));
        Thread.sleep(7_000); // two live-feed polls
        assertThat(browser.findElements(By.cssSelector("#live-feed li, #event-list li"))).isEmpty();
        assertThat(browser.findElement(By.id("fleet-name")).getText()).contains("other-fleet");
      } finally {
        browser.quit();
      }
    }
  }

  private static void logIn(WebDriver browser, WebDriverWait wait, String user, String password) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
    browser.findElement(By.id("login-user")).clear();
    browser.findElement(By.id("login-user")).sendKeys(user);
    browser.findElement(By.id("login-password")).clear();
    browser.findElement(By.id("login-password")).sendKeys(password);
    browser.findElement(By.id("login-submit")).click();
  }

  private static WebDriver browser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    // Without the background-networking switches chromium keeps dialling out of a closed network.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1400");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build();
    return new ChromeDriver(service, options);
  }

  private static void screenshot(WebDriver browser, String name) throws Exception {
    Path out = Files.createDirectories(Path.of("target", "screenshots")).resolve(name);
    Files.write(out, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  /** Registers the shipped package (signed with the key the test service trusts). */
  private static void register(String root, String adminToken) throws Exception {
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(root + "/api/v1/models"))
                    .header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "application/zip")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                            io.vigil.cloud.registry.ModelUpload.archive(
                                io.vigil.brokers.testkit.SignedPackages.SHIPPED)))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private static void publish(ReconnectingMqttClient device, String topic, byte[] payload)
      throws Exception {
    device.publish(topic, payload, 1, false).get(10, TimeUnit.SECONDS);
  }
}
