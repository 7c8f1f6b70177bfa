package io.vigil.launcher;

import static io.vigil.launcher.CloudApiClient.cohortRuns;
import static io.vigil.launcher.CloudApiClient.last;
import static io.vigil.launcher.CloudApiClient.versions;
import static io.vigil.launcher.FleetAgents.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.runtime.AgentRuntime;
import io.vigil.agent.runtime.FleetRuntime;
import io.vigil.brokers.testkit.SignedPackages;
import io.vigil.cloud.auth.Role;
import io.vigil.inference.pkg.Ed25519Pem;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.Channel;
import io.vigil.protocol.topic.Topics;
import io.vigil.simulator.scenario.SimulatedPacer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollouts end to end with real brokers, the whole cloud service and ten in-process agents driving
 * on a simulated clock: signed packages are registered with {@code vigil model-register}; 1.1.0
 * goes to a 20% canary through the API, the cohort's agents report it active, it is promoted and
 * the whole fleet reports it; then 1.2.0, whose decision rule makes it fire on ordinary driving,
 * goes to a 30% canary and the processor rolls it back on its own once its event rate departs from
 * the control group's, and the cohort's agents report 1.1.0 again.
 */
class RolloutIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String FLEET = "rollout";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final Map<String, AtomicLong> eventsByModel = new ConcurrentHashMap<>();
  private String api;
  private String token;
  private CloudApiClient client;

  @Test
  void aGoodCanaryIsPromotedToTheFleetAndABadOneIsRolledBackOnItsOwn() throws Exception {
    KeyPair keys = SignedPackages.keys();
    Path publisher = dir.resolve("publisher.pub.pem");
    Ed25519Pem.write(keys.getPublic(), publisher);
    Path v100 = SignedPackages.version(dir.resolve("pkg-1.0.0"), keys, "1.0.0", null);
    Path v110 = SignedPackages.version(dir.resolve("pkg-1.1.0"), keys, "1.1.0", "1.0.0");
    // A candidate that fails on the vehicles: its golden self-test expects the first two classes'
    // probabilities swapped, so every agent refuses to activate it.
    Path v120 =
        SignedPackages.copy(
            SignedPackages.SHIPPED,
            dir.resolve("pkg-1.2.0"),
            keys,
            "1.2.0",
            m -> m.put("parentVersion", "1.1.0"),
            SignedPackages::swapFirstClasses);

    try (DevStack stack =
        DevStack.start(
            new DevStack.Settings(dir.resolve("brokers"), "127.0.0.1", 0, 0, 0, true, true))) {
      Properties credentials = stack.credentials();
      String user = credentials.getProperty("service.user");
      String password = credentials.getProperty("service.password");
      Path cloudDir = dir.resolve("cloud");
      Map<String, Object> cloudProps = DevStackCloud.properties(stack, dir, publisher);
      try (ApplicationContext cloud = ApplicationContext.run(cloudProps);
          ReconnectingMqttClient listener = listen(stack.mqttUri().orElseThrow(), user, password)) {
        EmbeddedServer server = cloud.getBean(EmbeddedServer.class);
        server.start();
        api = "http://127.0.0.1:" + server.getPort();
        client = new CloudApiClient(api, WAIT);
        String adminPassword = CloudAccess.addUser(cloudDir, "admin-" + FLEET, FLEET, Role.ADMIN);
        for (Path pkg : List.of(v100, v110, v120)) {
          client.register(pkg, "admin-" + FLEET, adminPassword);
        }
        token = CloudAccess.login(api, "admin-" + FLEET, adminPassword);
        assertThat(get("/api/v1/models").size()).as("registered models").isEqualTo(3);

        SimulatedPacer pacer = new SimulatedPacer();
        pacer.at(
            Duration.ofMinutes(1),
            () ->
                step(
                    () -> {
                      await("every vehicle reported 1.0.0", v -> versions(v, "1.0.0") == 10);
                      JsonNode started =
                          post(
                              "",
                              Map.of(
                                  "model",
                                  "vigil-driving",
                                  "version",
                                  "1.1.0",
                                  "stage",
                                  "canary",
                                  "percent",
                                  20),
                              200);
                      assertThat(started.path("rollout").path("stage").asText())
                          .isEqualTo("CANARY");
                      assertThat(started.path("rollout").path("baseline").asText())
                          .isEqualTo("1.0.0");
                      await(
                          "the canary runs 1.1.0",
                          v -> cohortRuns(v, "1.1.0") && v.path("cohort").size() == 2);
                    }));
        pacer.at(
            Duration.ofMinutes(3),
            () ->
                step(
                    () -> {
                      await(
                          "the canary's telemetry counts windows on 1.1.0",
                          v -> v.path("rollout").path("canary").path("windows").asLong() > 0);
                      post("/promote", Map.of("reason", "canary looks fine"), 200);
                      await("the fleet runs 1.1.0", x -> versions(x, "1.1.0") == 10);
                    }));
        pacer.at(
            Duration.ofMinutes(4),
            () ->
                step(
                    () -> {
                      post(
                          "",
                          Map.of(
                              "model",
                              "vigil-driving",
                              "version",
                              "1.2.0",
                              "stage",
                              "canary",
                              "percent",
                              30),
                          200);
                      // The processor sees the cohort's failed installs and rolls back on its own.
                      JsonNode v =
                          await(
                              "1.2.0 rolled back by the processor",
                              x -> x.path("rollout").path("stage").asText().equals("ROLLED_BACK"));
                      JsonNode last = last(v.path("rollout").path("history"));
                      assertThat(last.path("by").asText()).isEqualTo("vigil");
                      // The first failure is already more than 20% of three.
                      assertThat(last.path("reason").asText())
                          .matches(
                              "automatic: [1-3] of 3 canary vehicles failed to install 1\\.2\\.0"
                                  + " \\(bound 20%\\)");
                      // They never left 1.1.0 (no rollback command took them further back).
                      assertThat(v.path("cohort"))
                          .allSatisfy(
                              c -> assertThat(c.path("modelVersion").asText()).isEqualTo("1.1.0"));
                    }));
        pacer.at(
            Duration.ofMinutes(6),
            () ->
                step(
                    () ->
                        await(
                            "every vehicle still runs 1.1.0",
                            x -> versions(x, "1.1.0") == 10 && x.path("versions").size() == 1)));

        FleetRuntime.Report report =
            new AgentRuntime(
                    agentConfig(stack, password, v100, publisher),
                    Clock.systemUTC(),
                    new PrintStream(System.out),
                    pacer)
                .run();
        assertThat(pacer.fired()).as("every step happened during the drive").isEqualTo(4);
        assertThat(report.windows()).isGreaterThan(10_000);

        JsonNode end = get("/api/v1/fleets/" + FLEET + "/rollout").path("rollout");
        System.out.printf(
            "rollout of 1.2.0: canary %s, control %s; events by model %s; %d windows in the drive%n",
            end.path("canary"), end.path("control"), eventsByModel, report.windows());
        assertThat(eventsByModel).containsKeys("1.0.0", "1.1.0").doesNotContainKey("1.2.0");
      }
    }
  }

  private AgentConfig agentConfig(DevStack stack, String password, Path pkg, Path key)
      throws Exception {
    return FleetAgents.config(
        stack,
        password,
        Path.of("src/test/resources/rollout-test.yaml"),
        dir.resolve("agent"),
        pkg,
        key);
  }

  /** Counts the events the agents publish, by the model that detected them. */
  private ReconnectingMqttClient listen(String mqtt, String user, String password)
      throws Exception {
    ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
    ReconnectingMqttClient c =
        ReconnectingMqttClient.connect(
            MqttClientSettings.of(mqtt, "rollout-it-listener").withCredentials(user, password),
            m -> {
              if (!m.topic().endsWith("/events")) {
                System.out.printf("rollout-it: %s (%d bytes)%n", m.topic(), m.payload().length);
                return;
              }
              try {
                String v = codec.decode(m.payload(), SafetyEvent.class).modelVersion();
                eventsByModel.computeIfAbsent(v, k -> new AtomicLong()).incrementAndGet();
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
    c.subscribe(Topics.allVehicles(Channel.EVENTS), 1);
    c.subscribe(Topics.allVehicles(Channel.MODEL), 1);
    c.subscribe(Topics.allVehicles(Channel.CMD), 1);
    c.subscribe(Topics.fleetModel(FLEET), 1);
    return c;
  }

  private JsonNode await(String what, Predicate<JsonNode> condition) throws Exception {
    return client.awaitRollout(FLEET, token, what, condition);
  }

  private JsonNode get(String path) throws Exception {
    return client.get(path, token);
  }

  private JsonNode post(String step, Map<String, Object> body, int expected) throws Exception {
    return client.post("/api/v1/fleets/" + FLEET + "/rollout" + step, token, body, expected);
  }
}
