package io.vigil.cloud.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.vigil.brokers.testkit.KafkaBrokerExtension;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.cloud.TestCloud;
import io.vigil.cloud.TestEvents;
import io.vigil.cloud.auth.Role;
import io.vigil.cloud.registry.ModelUpload;
import io.vigil.cloud.retraining.SampleExport;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A retraining job from the admin API to the registry, on real brokers with the whole service and
 * its trainer role running the real {@code vigil-models} jar: a parent package built by the reduced
 * pipeline is registered with its reports; a job without reviewed samples fails saying so; then
 * braking events with snippets arrive over MQTT and are reviewed through the API, a second request
 * while a job runs is refused, and the job exports the reviews, retrains, and ends with the gate's
 * decision: published into the registry with its reports, or rejected with the comparison.
 */
class RetrainingIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  private static final Path MODELS = Path.of("..", "models").toAbsolutePath().normalize();
  private static final Path JAR = MODELS.resolve("target/vigil-models.jar");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());

  @Test
  void aJobRetrainsFromTheReviewsAndTheGateDecidesWhatIsRegistered() throws Exception {
    assumeTrue(Files.isRegularFile(JAR), "models/target/vigil-models.jar is not built");
    Path key = dir.resolve("keys/signing.pem");
    Path parent = dir.resolve("parent/1.0.0");
    models(
        "pipeline",
        "--training-scenario",
        "src/test/resources/tiny-training.yaml",
        "--test-scenario",
        "src/test/resources/tiny-test.yaml",
        "--out",
        parent.toString(),
        "--version",
        "1.0.0",
        "--epochs",
        "3",
        "--hidden",
        "32,16",
        "--clusters",
        "8",
        "--bench-seconds",
        "0",
        "--signing-key",
        key.toString());
    Map<String, Object> trainer =
        Map.of(
            "vigil.roles.trainer",
            true,
            "vigil.models.publisher-key",
            dir.resolve("keys/signing.pub.pem").toString(),
            "vigil.retraining.command",
            "java -Dai.djl.offline=true -jar " + JAR,
            "vigil.retraining.work-dir",
            dir.resolve("work").toString(),
            "vigil.retraining.repository",
            MODELS.toString(),
            "vigil.retraining.signing-key",
            key.toString());
    try (ApplicationContext app = TestCloud.start(KAFKA, MQTT, dir, trainer)) {
      String root = TestCloud.url(app);
      String admin = TestCloud.token(app, dir, "acme", Role.ADMIN);
      String jobs = root + "/api/v1/fleets/acme/retraining";
      byte[] upload = ModelUpload.archive(parent);
      HttpResponse<String> registered;
      long ready = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      do {
        // 503 while the processor starts.
        Thread.sleep(250);
        registered =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(root + "/api/v1/models"))
                    .header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/zip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(upload))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
      } while (registered.statusCode() == 503 && System.nanoTime() < ready);
      assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);

      // Nothing reviewed yet: the job fails, saying why.
      HttpResponse<String> first = post(jobs, admin, "{\"reason\":\"first try\"}");
      assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
      JsonNode job = JSON.readTree(first.body());
      assertThat(job.path("parentVersion").asText()).isEqualTo("1.0.0");
      assertThat(job.path("candidateVersion").asText()).isEqualTo("1.1.0");
      assertThat(job.path("state").asText()).isEqualTo("REQUESTED");
      JsonNode failed = awaitJob(jobs, admin, job.path("jobId").asText(), j -> !live(j));
      assertThat(failed.path("state").asText()).isEqualTo("FAILED");
      assertThat(failed.path("outcome").asText())
          .isEqualTo("no reviewed samples to learn from yet");

      // Eight brakings of four vans; reviewers confirm van-1's and van-3's, dismiss the others.
      String reviewer = TestCloud.token(app, dir, "acme", Role.REVIEWER);
      Instant t0 = Instant.parse("2026-11-20T08:00:00Z");
      List<SafetyEvent> events = new ArrayList<>();
      for (int v = 1; v <= 4; v++) {
        DeviceAddress van = new DeviceAddress("acme", "van-" + v);
        try (ReconnectingMqttClient device = TestCloud.device(MQTT, van)) {
          for (int n = 0; n < 2; n++) {
            SafetyEvent e =
                TestEvents.brakingWithSnippet(
                    "acme", van.vehicleId(), "d-" + v, 3.5 + n, t0.plusSeconds(600L * v + 60L * n));
            device.publish(Topics.events(van), codec.encode(e), 1, false).get(10, TimeUnit.SECONDS);
            events.add(e);
          }
        }
      }
      for (SafetyEvent e : events) {
        String url = root + "/api/v1/fleets/acme/events/" + e.eventId();
        await(url, reviewer, r -> r.statusCode() == 200);
        boolean confirmed = e.vehicleId().equals("van-1") || e.vehicleId().equals("van-3");
        HttpResponse<String> r =
            post(
                url + "/review",
                reviewer,
                "{\"verdict\":\""
                    + (confirmed ? "confirmed" : "dismissed")
                    + "\",\"reviewerId\":\"rita\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      }
      for (SafetyEvent e : events) {
        await(
            root + "/api/v1/fleets/acme/events/" + e.eventId(),
            reviewer,
            r -> r.body().contains("\"review\""));
      }

      // The API reads the processor's state before its transaction commits; the job reads the
      // committed training samples. Wait until all eight reviews are committed.
      long committed = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      int probe = 0;
      while (SampleExport.run(
                      KAFKA.bootstrapServers(),
                      "acme",
                      dir.resolve("probe"),
                      "p" + probe++,
                      Clock.systemUTC(),
                      new java.util.concurrent.atomic.AtomicLong(),
                      total -> {},
                      System.err)
                  .manifest()
                  .reviewed()
              < 8
          && System.nanoTime() < committed) {
        Thread.sleep(500);
      }

      HttpResponse<String> second = post(jobs, admin, "{\"reason\":\"reviews are in\"}");
      assertThat(second.statusCode()).as(second.body()).isEqualTo(202);
      String id = JSON.readTree(second.body()).path("jobId").asText();
      HttpResponse<String> third = post(jobs, admin, "{}");
      assertThat(third.statusCode()).isEqualTo(409);
      assertThat(third.body()).contains("one job runs at a time");
      assertThat(post(jobs, reviewer, "{}").statusCode()).as("admins only").isEqualTo(403);

      JsonNode running =
          awaitJob(jobs, admin, id, j -> j.path("state").asText().equals("RUNNING") || !live(j));
      assertThat(running.path("state").asText()).isEqualTo("RUNNING");
      assertThat(running.path("progress").asDouble()).isBetween(0.0, 1.0);
      JsonNode done = awaitJob(jobs, admin, id, j -> !live(j));
      assertThat(done.path("state").asText()).as(done.toString()).isIn("PUBLISHED", "REJECTED");
      assertThat(done.path("reviewedSamples").asLong()).isEqualTo(8);
      assertThat(done.path("progress").asDouble()).isEqualTo(1.0);
      assertThat(done.path("startedAt").asText()).isNotEmpty();
      assertThat(done.path("gate").path("checks")).isNotEmpty();
      assertThat(done.path("gate").path("heldOutVehicles")).hasSize(1);
      assertThat(done.path("log").toString()).contains("gate: both models on the held-out");
      HttpResponse<String> candidate = get(root + "/api/v1/models/vigil-driving/1.1.0", admin);
      if (done.path("state").asText().equals("PUBLISHED")) {
        assertThat(done.path("outcome").asText())
            .startsWith("the candidate passed the gate and is registered as vigil-driving 1.1.0");
        JsonNode m = JSON.readTree(candidate.body());
        assertThat(m.path("parentVersion").asText()).isEqualTo("1.0.0");
        assertThat(m.path("documents").toString()).contains("gate.json", "drift-reference.json");
      } else {
        assertThat(done.path("outcome").asText()).startsWith("the gate refused the candidate: ");
        assertThat(candidate.statusCode()).isEqualTo(404);
      }
      try (var left = Files.list(dir.resolve("work"))) {
        assertThat(left.toList()).as("each job's directory is deleted when it ends").isEmpty();
      }
    }
  }

  private static boolean live(JsonNode job) {
    String s = job.path("state").asText();
    return s.equals("REQUESTED") || s.equals("RUNNING");
  }

  private static JsonNode awaitJob(String jobs, String token, String id, Predicate<JsonNode> done)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      for (JsonNode j : JSON.readTree(get(jobs, token).body()).path("jobs")) {
        if (j.path("jobId").asText().equals(id)) {
          last = j;
          if (done.test(j)) {
            return j;
          }
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("job " + id + " did not get there; last: " + last);
  }

  private static void await(String url, String token, Predicate<HttpResponse<String>> ok)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    HttpResponse<String> r = get(url, token);
    while (!ok.test(r) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      r = get(url, token);
    }
    assertThat(ok.test(r)).as("%s: %d %s", url, r.statusCode(), r.body()).isTrue();
  }

  private static HttpResponse<String> get(String url, String token) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, String token, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Runs the vigil-models jar in the models module, as a user would from there. */
  private static void models(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("java", "-Dai.djl.offline=true", "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(MODELS.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
  }
}
