package io.vigil.launcher;

import static io.vigil.launcher.CloudApiClient.cohortRuns;
import static io.vigil.launcher.CloudApiClient.last;
import static io.vigil.launcher.CloudApiClient.versions;
import static io.vigil.launcher.FleetAgents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.runtime.AgentRuntime;
import io.vigil.agent.runtime.FleetRuntime;
import io.vigil.brokers.testkit.SignedPackages;
import io.vigil.cloud.auth.Role;
import io.vigil.cloud.retraining.SampleExport;
import io.vigil.inference.pkg.Ed25519Pem;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.EventType;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.Telemetry;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.Channel;
import io.vigil.protocol.topic.Topics;
import io.vigil.simulator.SampleSink;
import io.vigil.simulator.TripSimulator;
import io.vigil.simulator.drive.Label;
import io.vigil.simulator.drive.LabelKind;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.scenario.ScenarioFile;
import io.vigil.simulator.scenario.SimulatedPacer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop, end to end, with real brokers, the whole cloud service (its trainer role running
 * the real {@code vigil-models} jar) and ten in-process agents driving on a simulated clock. The
 * fleet starts towing trailers that sway at highway speed, a condition the shipped model 1.0.0
 * never trained on: it reports lane changes and cornering that did not happen. Early in the drive
 * the admin asks every truck for unflagged stretches of driving through the API. Simulated
 * reviewers, who know the simulator's ground truth, confirm, dismiss or relabel every event through
 * the API; a retraining job asked for through the API trains 1.1.0 from 1.0.0's data plus the
 * reviews and the stretches, and the gate publishes it; it goes to a 20 % canary, then to the
 * fleet, and every agent reports it. On the same condition its false events per hour fall by more
 * than half. A candidate trained on shuffled labels is refused by the gate. A release whose anomaly
 * threshold went wrong (1.0.1), sent to a canary, is rolled back by the processor on its own once
 * its event rate departs from the control group's, under the product's default bounds.
 */
class LoopIT {

  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final String FLEET = "loop";
  private static final Path SCENARIO = Path.of("src/test/resources/loop-test.yaml");
  private static final Path MODELS_JAR =
      Path.of("..", "models", "target", "vigil-models.jar").toAbsolutePath().normalize();
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Simulated minutes at which the loop's steps happen. */
  private static final int ASK_FOR_WINDOWS = 2;

  private static final int REVIEW_AND_RETRAIN = 20;

  private static final int PROMOTE = 22;
  private static final int WINDOWS_PER_TRUCK = 20;
  private static final int BAD_CANARY = 40;
  // The bad canary drives on while the processor judges it: its two trucks make a few events a
  // minute, and a ratio of small counts needs a while to leave the bound's noise behind.
  private static final int JUDGED = 78;

  @TempDir Path dir;

  private final ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
  private final List<SafetyEvent> events = new CopyOnWriteArrayList<>();
  private final Map<String, Instant> tripStart = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> eventsByModel = new ConcurrentHashMap<>();
  private Map<String, List<Label>> truth;
  private String api;
  private CloudApiClient client;
  private String admin;
  private String reviewer;

  @Test
  void driftFalseEventsReviewsRetrainingGateCanaryFleetAndABadCandidateStoppedTwice()
      throws Exception {
    assumeTrue(Files.isRegularFile(MODELS_JAR), "models/target/vigil-models.jar is not built");
    truth = groundTruth();
    KeyPair keys = SignedPackages.keys();
    Path signing = dir.resolve("keys/signing.pem");
    Path publisher = dir.resolve("keys/signing.pub.pem");
    Files.createDirectories(signing.getParent());
    Ed25519Pem.write(keys.getPrivate(), signing);
    Ed25519Pem.write(keys.getPublic(), publisher);
    // The shipped 1.0.0 with its reports, signed with this test's key (its own is not in the
    // repository), so that its children can be signed and trusted the same way.
    Path v100 = SignedPackages.version(dir.resolve("pkg/1.0.0"), keys, "1.0.0", null);
    Files.createDirectories(v100.resolve("report"));
    // as a published package on disk carries it: `vigil-models retrain --parent` verifies with it
    Files.copy(publisher, v100.resolve("publisher.pub.pem"), StandardCopyOption.REPLACE_EXISTING);
    for (String f : List.of("report.json", "report.html", "drift-reference.json")) {
      Files.copy(
          SignedPackages.SHIPPED.resolve("report").resolve(f),
          v100.resolve("report").resolve(f),
          StandardCopyOption.REPLACE_EXISTING);
    }

    try (DevStack stack =
        DevStack.start(
            new DevStack.Settings(dir.resolve("brokers"), "127.0.0.1", 0, 0, 0, true, true))) {
      Properties credentials = stack.credentials();
      String user = credentials.getProperty("service.user");
      String password = credentials.getProperty("service.password");
      Path cloudDir = dir.resolve("cloud");
      Map<String, Object> cloudProps = DevStackCloud.properties(stack, dir, publisher);
      cloudProps.put("vigil.roles.trainer", true);
      // The product's bounds, not the rollout ITs' quicker ones: a 2-minute canary of two trucks
      // makes a handful of events, which must not decide anything.
      cloudProps.put("vigil.rollout.min-windows", 2000);
      cloudProps.put("vigil.rollout.min-events", 10);
      cloudProps.put("vigil.retraining.command", "java -Dai.djl.offline=true -jar " + MODELS_JAR);
      cloudProps.put("vigil.retraining.work-dir", dir.resolve("retraining").toString());
      cloudProps.put("vigil.retraining.repository", REPOSITORY.toString());
      cloudProps.put("vigil.retraining.signing-key", signing.toString());
      try (ApplicationContext cloud = ApplicationContext.run(cloudProps);
          ReconnectingMqttClient listener = listen(stack.mqttUri().orElseThrow(), user, password)) {
        EmbeddedServer server = cloud.getBean(EmbeddedServer.class);
        server.start();
        api = "http://127.0.0.1:" + server.getPort();
        client = new CloudApiClient(api, WAIT);
        String adminPassword = CloudAccess.addUser(cloudDir, "admin-" + FLEET, FLEET, Role.ADMIN);
        String reviewerPassword =
            CloudAccess.addUser(cloudDir, "reviewer-" + FLEET, FLEET, Role.REVIEWER);
        register(v100, adminPassword);
        register(misconfigured(v100, keys), adminPassword);
        admin = CloudAccess.login(api, "admin-" + FLEET, adminPassword);
        reviewer = CloudAccess.login(api, "reviewer-" + FLEET, reviewerPassword);

        Map<String, Object> figures = new java.util.LinkedHashMap<>();
        SimulatedPacer pacer = new SimulatedPacer();
        pacer.at(
            Duration.ofMinutes(ASK_FOR_WINDOWS),
            () ->
                step(
                    () -> {
                      // Negatives the model did not pick: 20 unflagged stretches per truck.
                      client.await(
                          fleet("/vehicles"),
                          admin,
                          "every truck has reported",
                          v -> v.path("total").asInt() == 10);
                      post(fleet("/window-samples"), Map.of("count", 0), 400);
                      JsonNode asked =
                          post(
                              fleet("/window-samples"),
                              Map.of("count", WINDOWS_PER_TRUCK, "spacingS", 30),
                              202);
                      assertThat(asked.path("vehicles")).hasSize(10);
                    }));
        pacer.at(
            Duration.ofMinutes(REVIEW_AND_RETRAIN),
            () ->
                step(
                    () -> {
                      figures.put("reviews", reviewAll("1.0.0"));
                      figures.put("drift", get(fleet("/drift")).path("versions"));
                      JsonNode job =
                          post(fleet("/retraining"), Map.of("reason", "trailer sway"), 202);
                      assertThat(job.path("candidateVersion").asText()).isEqualTo("1.1.0");
                      JsonNode done = awaitJob(job.path("jobId").asText());
                      figures.put("gate", done.path("gate"));
                      assertThat(done.path("state").asText())
                          .as("the retrained model passes the gate: %s", done)
                          .isEqualTo("PUBLISHED");
                      // The candidate trained on the training trucks' unflagged stretches too.
                      JsonNode trainedOn =
                          get("/api/v1/models/vigil-driving/1.1.0/documents/report.json")
                              .path("data")
                              .path("reviewedSamples")
                              .path(0);
                      figures.put("trainedOn", trainedOn);
                      assertThat(trainedOn.path("unflaggedWindows").asInt())
                          .as("unflagged stretches of the 7 training trucks: %s", trainedOn)
                          .isGreaterThanOrEqualTo(7 * WINDOWS_PER_TRUCK / 2);
                      canaryOfTwo("1.1.0");
                    }));
        pacer.at(
            Duration.ofMinutes(PROMOTE),
            () ->
                step(
                    () -> {
                      post(fleet("/rollout/promote"), Map.of("reason", "canary is fine"), 200);
                      await("the fleet runs 1.1.0", v -> versions(v, "1.1.0") == 10);
                    }));
        pacer.at(
            Duration.ofMinutes(BAD_CANARY),
            () ->
                step(
                    () -> {
                      figures.put("shuffledGate", shuffledCandidate(v100, signing));
                      // A canary that misbehaves: 1.0.1, a release whose anomaly threshold went
                      // wrong, so it floods the fleet with events. (The shuffled-label model
                      // reports
                      // about as little as 1.1.0 here, which event rates cannot tell apart.)
                      canaryOfTwo("1.0.1");
                    }));
        pacer.at(
            Duration.ofMinutes(JUDGED),
            () ->
                step(
                    () -> {
                      JsonNode v =
                          await(
                              "the 1.0.1 canary rolled back by the processor",
                              x -> x.path("rollout").path("stage").asText().equals("ROLLED_BACK"));
                      JsonNode last = last(v.path("rollout").path("history"));
                      figures.put("badCanary", v.path("rollout"));
                      assertThat(last.path("by").asText()).isEqualTo("vigil");
                      assertThat(last.path("reason").asText())
                          .startsWith("automatic: canary event rate");
                    }));

        FleetRuntime.Report report;
        try {
          report =
              new AgentRuntime(
                      agentConfig(stack, password, v100, publisher),
                      Clock.systemUTC(),
                      new PrintStream(System.out),
                      pacer)
                  .run();
        } finally {
          System.out.println("loop-it figures so far: " + JSON.writeValueAsString(figures));
        }
        assertThat(pacer.fired()).as("every step happened during the drive").isEqualTo(5);

        double before = falsePerHour("1.0.0", 0, REVIEW_AND_RETRAIN);
        double after = falsePerHour("1.1.0", PROMOTE, BAD_CANARY);
        figures.put("falseEventsPerVehicleHour", Map.of("1.0.0", before, "1.1.0", after));
        figures.put("eventsByModel", eventsByModel);
        figures.put("windows", report.windows());
        System.out.println("loop-it figures: " + JSON.writeValueAsString(figures));
        assertThat(before).as("the condition makes 1.0.0 report false events").isGreaterThan(1.0);
        assertThat(after).as("1.1.0 reports at most half as many").isLessThanOrEqualTo(before / 2);
      }
    }
  }

  /**
   * Reviews every event of {@code version} so far as a reviewer who knows the ground truth would:
   * confirmed if a safety label of its type overlaps it, relabelled if one of another type does,
   * dismissed otherwise. Returns the verdicts' counts.
   */
  private Map<String, Integer> reviewAll(String version) throws Exception {
    Map<String, Integer> verdicts = new java.util.TreeMap<>();
    List<String> reviewed = new ArrayList<>();
    // The fleet is paused at this step, but its last events may still be on their way: wait until
    // none has arrived for 3 s, and review only those that started before the step, so that every
    // run reviews the same events.
    int seen = -1;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (seen != events.size() && System.nanoTime() < deadline) {
      seen = events.size();
      Thread.sleep(3000);
    }
    for (SafetyEvent e : List.copyOf(events)) {
      if (!e.modelVersion().equals(version)
          || !reviewable(e)
          || !startedBefore(e, REVIEW_AND_RETRAIN)) {
        continue;
      }
      Optional<Label> l = matching(e);
      Map<String, Object> body = new HashMap<>();
      body.put("reviewerId", "simulated-reviewer");
      String verdict;
      if (l.isEmpty()) {
        verdict = "dismissed";
      } else if (l.get().kind().name().equals(e.type().name())) {
        verdict = "confirmed";
      } else {
        verdict = "relabelled";
        body.put("relabelledType", l.get().kind().csvName());
        l.get().direction().ifPresent(d -> body.put("relabelledDirection", d));
      }
      body.put("verdict", verdict);
      String url = fleet("/events/" + e.eventId());
      awaitStatus(url, 200);
      post(url + "/review", body, 202);
      reviewed.add(url);
      verdicts.merge(verdict, 1, Integer::sum);
    }
    // A review is accepted once Kafka has it, and applied by the processor a little later; the
    // export reads what has been applied, so every review must be before the job is asked for.
    for (String url : reviewed) {
      client.await(
          url, reviewer, "the review of " + url + " is applied", v -> v.hasNonNull("review"));
    }
    return verdicts;
  }

  private boolean startedBefore(SafetyEvent e, int minute) {
    Instant start = tripStart.get(e.vehicleId());
    return start != null && e.deviceTime().isBefore(start.plus(Duration.ofMinutes(minute)));
  }

  /** The model's event types (sensor faults and unknown anomalies come from elsewhere). */
  private static boolean reviewable(SafetyEvent e) {
    return e.type() != EventType.SENSOR_FAULT && e.type() != EventType.UNKNOWN_ANOMALY;
  }

  /** The safety label that overlaps the event (1 s either side), if any. */
  private Optional<Label> matching(SafetyEvent e) {
    Instant start = tripStart.get(e.vehicleId());
    assertThat(start).as("trip start of %s", e.vehicleId()).isNotNull();
    double s = Duration.between(start, e.deviceTime()).toMillis() / 1000.0;
    double end = s + e.durationMs() / 1000.0;
    return truth.getOrDefault(e.vehicleId(), List.of()).stream()
        .filter(l -> l.kind().isSafetyEvent())
        .filter(l -> l.startS() <= end + 1 && l.endS() >= s - 1)
        .findFirst();
  }

  /** False events (no safety label) of {@code version} per vehicle-hour in [from, to) minutes. */
  private double falsePerHour(String version, int fromMin, int toMin) {
    long n = 0;
    for (SafetyEvent e : events) {
      Instant start = tripStart.get(e.vehicleId());
      double min = Duration.between(start, e.deviceTime()).toMillis() / 60_000.0;
      if (e.modelVersion().equals(version)
          && reviewable(e)
          && min >= fromMin
          && min < toMin
          && matching(e).isEmpty()) {
        n++;
      }
    }
    return n / (10 * (toMin - fromMin) / 60.0);
  }

  /**
   * A candidate trained on shuffled labels, run by hand as an operator would: the gate refuses it.
   * Returns its gate report.
   */
  private JsonNode shuffledCandidate(Path parent, Path signing) throws Exception {
    SampleExport.Result export =
        SampleExport.run(
            bootstrap,
            FLEET,
            dir.resolve("export"),
            "shuffled",
            Clock.systemUTC(),
            new AtomicLong(),
            total -> {},
            System.err);
    Path out = dir.resolve("pkg/1.2.0");
    List<String> command =
        new ArrayList<>(
            List.of(
                "java",
                "-Dai.djl.offline=true",
                "-jar",
                MODELS_JAR.toString(),
                "retrain",
                "--parent",
                parent.toAbsolutePath().toString(),
                "--reviewed-samples",
                export.dir().toAbsolutePath().toString(),
                "--out",
                out.toAbsolutePath().toString(),
                "--version",
                "1.2.0",
                "--parent-version",
                "1.0.0",
                "--shuffle-labels",
                "--bench-seconds",
                "0",
                "--signing-key",
                signing.toAbsolutePath().toString()));
    Process p =
        new ProcessBuilder(command)
            .directory(REPOSITORY.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor())
        .as("the gate refuses the shuffled candidate (exit 4):%n%s", output)
        .isEqualTo(4);
    Path rejected = dir.resolve("pkg/1.2.0.rejected");
    JsonNode gate = JSON.readTree(rejected.resolve("report/gate.json").toFile());
    assertThat(gate.path("passed").asBoolean()).isFalse();
    return gate;
  }

  private String bootstrap;

  /**
   * 1.0.0 re-released as 1.0.1 with its anomaly threshold at a fifth (0.3 instead of 1.5): replayed
   * on this fleet it reports 1306 events against 1.0.0's 638, most of them unknown anomalies.
   */
  private Path misconfigured(Path v100, KeyPair keys) throws Exception {
    return SignedPackages.copy(
        v100,
        dir.resolve("pkg/1.0.1"),
        keys,
        "1.0.1",
        m ->
            m.put("parentVersion", "1.0.0")
                .put("anomalyThreshold", m.path("anomalyThreshold").asDouble() / 5),
        g -> {});
  }

  private void register(Path pkg, String adminPassword) {
    client.register(pkg, "admin-" + FLEET, adminPassword);
  }

  /** Every vehicle's labels, from the same deterministic simulation the agents drive. */
  private static Map<String, List<Label>> groundTruth() throws Exception {
    Map<String, List<Label>> out = new HashMap<>();
    for (FleetPlan.Vehicle v : FleetPlan.of(ScenarioFile.read(SCENARIO))) {
      out.put(v.vehicleId(), new TripSimulator(v.trip()).run(SampleSink.discarding()).labels());
    }
    long sways =
        out.values().stream()
            .flatMap(List::stream)
            .filter(l -> l.kind() == LabelKind.TRAILER_SWAY)
            .count();
    assertThat(sways).as("the fleet's trailers sway").isGreaterThan(50);
    return out;
  }

  private JsonNode awaitJob(String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode j : get(fleet("/retraining")).path("jobs")) {
        String s = j.path("state").asText();
        if (j.path("jobId").asText().equals(id) && !s.equals("REQUESTED") && !s.equals("RUNNING")) {
          return j;
        }
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("retraining job " + id + " did not end: " + get(fleet("/retraining")));
  }

  private AgentConfig agentConfig(DevStack stack, String password, Path pkg, Path key)
      throws Exception {
    bootstrap = stack.bootstrapServers().orElseThrow();
    return FleetAgents.config(stack, password, SCENARIO, dir.resolve("agent"), pkg, key);
  }

  /** Collects the events the agents publish and each vehicle's trip start. */
  private ReconnectingMqttClient listen(String mqtt, String user, String password)
      throws Exception {
    ReconnectingMqttClient c =
        ReconnectingMqttClient.connect(
            MqttClientSettings.of(mqtt, "loop-it-listener").withCredentials(user, password),
            m -> {
              try {
                if (m.topic().endsWith("/events")) {
                  SafetyEvent e = codec.decode(m.payload(), SafetyEvent.class);
                  events.add(e);
                  eventsByModel
                      .computeIfAbsent(e.modelVersion(), k -> new AtomicLong())
                      .incrementAndGet();
                } else if (m.topic().endsWith("/telemetry")) {
                  Telemetry t = codec.decode(m.payload(), Telemetry.class);
                  tripStart.putIfAbsent(t.vehicleId(), t.trip().startedAt());
                }
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
    c.subscribe(Topics.allVehicles(Channel.EVENTS), 1);
    c.subscribe(Topics.allVehicles(Channel.TELEMETRY), 1);
    return c;
  }

  private static String fleet(String path) {
    return "/api/v1/fleets/" + FLEET + path;
  }

  /** Starts a 20 % canary of {@code version} and waits until its 2 vehicles run it. */
  private void canaryOfTwo(String version) throws Exception {
    post(
        fleet("/rollout"),
        Map.of("model", "vigil-driving", "version", version, "stage", "canary", "percent", 20),
        200);
    await(
        "the canary runs " + version, v -> cohortRuns(v, version) && v.path("cohort").size() == 2);
  }

  private JsonNode await(String what, Predicate<JsonNode> condition) throws Exception {
    return client.awaitRollout(FLEET, admin, what, condition);
  }

  private void awaitStatus(String path, int status) throws Exception {
    client.awaitStatus(path, reviewer, status);
  }

  private JsonNode get(String path) throws Exception {
    return client.get(path, admin);
  }

  private JsonNode post(String path, Map<String, Object> body, int expected) throws Exception {
    return client.post(path, path.contains("/events/") ? reviewer : admin, body, expected);
  }
}
