package io.vigil.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.runtime.AgentRuntime;
import io.vigil.agent.runtime.FleetRuntime;
import io.vigil.brokers.kafka.KafkaBrokerSettings;
import io.vigil.brokers.mqtt.MqttBrokerSettings;
import io.vigil.cloud.auth.Role;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.scenario.ScenarioFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole of Vigil on one machine, on embedded defaults: the dev stack's brokers, the cloud
 * service with all roles, and the edge agent running a simulated fleet against them. Prints where
 * to look and a live line of progress; runs until Ctrl-C, or with {@code --check} until every
 * driver has a score.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run everything: embedded Kafka and MQTT, the cloud service (ingest, processor, API) and a",
      "simulated fleet with its edge agent publishing events. Safety scores appear in the API."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--scenario",
      descriptionKey = "demo.scenario",
      description = "Fleet to simulate (default: ${DEFAULT-VALUE}).")
  Path scenario = Path.of("seeds", "demo-fleet.yaml");

  @Option(
      names = "--realtime",
      descriptionKey = "demo.realtime",
      description =
          "Drive in real time (default: as fast as the machine goes, so scores appear at once).")
  boolean realtime;

  @Option(
      names = "--http-port",
      descriptionKey = "demo.http-port",
      description =
          "Port of the cloud service's API; 0: any free port (default: ${DEFAULT-VALUE}).")
  int httpPort = 8080;

  @Option(
      names = "--kafka-port",
      descriptionKey = "demo.kafka-port",
      description = "Port of the embedded Kafka; 0: any free port (default: ${DEFAULT-VALUE}).")
  int kafkaPort = KafkaBrokerSettings.DEFAULT_PORT;

  @Option(
      names = "--mqtt-port",
      descriptionKey = "demo.mqtt-port",
      description =
          "Port of the embedded MQTT broker; 0: any free port (default: ${DEFAULT-VALUE}).")
  int mqttPort = MqttBrokerSettings.DEFAULT_PORT;

  @Option(
      names = "--check",
      descriptionKey = "demo.check",
      description =
          "Stop once every driver of the fleet has a score: exit 0, or 1 if that takes more than"
              + " 90 s after the services started (default: run until Ctrl-C).")
  boolean check;

  /** How long the demo may take to score every driver once its services run. */
  static final Duration SCORED_WITHIN = Duration.ofSeconds(90);

  @Option(
      names = "--data-dir",
      descriptionKey = "demo.data-dir",
      description =
          "Where brokers, processor and agent keep their data (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of(".vigil", "demo");

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(scenario)) {
      throw new IllegalArgumentException("--scenario: " + scenario + " does not exist");
    }
    System.out.println(
        "Vigil demo: starting the brokers (data in " + dataDir.toAbsolutePath() + ")");
    DevStack stack =
        DevStack.start(
            new DevStack.Settings(
                dataDir.resolve("brokers"),
                "127.0.0.1",
                kafkaPort,
                kafkaPort == 0 ? 0 : KafkaBrokerSettings.DEFAULT_CONTROLLER_PORT,
                mqttPort,
                true,
                true));
    Properties credentials = stack.credentials();
    String user = credentials.getProperty("service.user");
    String password = credentials.getProperty("service.password");
    String mqtt = stack.mqttUri().orElseThrow();
    String kafka = stack.bootstrapServers().orElseThrow();

    System.out.println("Vigil demo: starting the cloud service");
    Map<String, Object> cloudProps = new HashMap<>();
    cloudProps.put("micronaut.server.port", httpPort == 0 ? -1 : httpPort);
    cloudProps.put("vigil.mqtt.server", mqtt);
    cloudProps.put("vigil.mqtt.username", user);
    cloudProps.put("vigil.mqtt.password", password);
    cloudProps.put("vigil.kafka.bootstrap-servers", kafka);
    cloudProps.put("vigil.kafka.state-dir", dataDir.resolve("streams").toString());
    Path cloudDir = dataDir.resolve("cloud");
    cloudProps.putAll(CloudAccess.serviceProperties(cloudDir));
    cloudProps.put(
        "vigil.security.device-credentials-file",
        dataDir.resolve("brokers").resolve("mqtt-credentials").toString());
    ApplicationContext cloud = ApplicationContext.run(cloudProps);
    EmbeddedServer server = cloud.getBean(EmbeddedServer.class);
    server.start();

    AgentConfig agentConfig =
        AgentConfig.load(
            Optional.empty(),
            Map.of("VIGIL_AGENT_MQTT_PASSWORD", password),
            Map.of(
                "agent.scenario",
                scenario.toString(),
                "agent.realtime",
                Boolean.toString(realtime),
                "agent.data-dir",
                dataDir.resolve("agent").toString(),
                "mqtt.server",
                mqtt,
                "mqtt.username",
                user,
                "metrics.port",
                "0"));
    AgentRuntime agent = new AgentRuntime(agentConfig, Clock.systemUTC(), System.out);
    long servicesStarted = System.nanoTime();
    String api = "http://127.0.0.1:" + server.getPort();
    List<FleetPlan.Vehicle> fleet = FleetPlan.of(ScenarioFile.read(scenario));
    String fleetId = fleet.get(0).fleetId();
    Set<String> drivers = new TreeSet<>();
    fleet.stream().filter(v -> v.fleetId().equals(fleetId)).forEach(v -> drivers.add(v.driverId()));
    // One user per role, with new passwords at every start (printed below).
    Map<Role, String> logins = new java.util.EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      logins.put(role, CloudAccess.addUser(cloudDir, userName(fleetId, role), fleetId, role));
    }
    // The agents' model in the registry, so the dashboard's Models page has a baseline to show.
    Path modelPackage = agentConfig.get(AgentConfig.MODEL_PACKAGE);
    java.net.http.HttpResponse<String> registered =
        ModelRegisterCommand.upload(
            api,
            CloudAccess.login(api, userName(fleetId, Role.ADMIN), logins.get(Role.ADMIN)),
            modelPackage,
            System.out);
    if (registered.statusCode() == 200 || registered.statusCode() == 201) {
      JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper().readTree(registered.body());
      System.out.println(
          "Vigil demo: the model registry holds "
              + m.path("name").asText()
              + " "
              + m.path("version").asText());
    } else {
      System.out.println(
          "Vigil demo: the model registry refused "
              + modelPackage
              + " (HTTP "
              + registered.statusCode()
              + "); rollouts need a registered package");
    }
    DemoProgress progress =
        new DemoProgress(
            api,
            fleetId,
            CloudAccess.login(api, userName(fleetId, Role.VIEWER), logins.get(Role.VIEWER)),
            drivers,
            System.out);
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop =
        () -> {
          if (stopping.compareAndSet(false, true)) {
            System.out.println("Vigil demo: stopping");
            progress.close();
            agent.stop();
            cloud.close();
            stack.close();
            System.out.println("Vigil demo: stopped cleanly");
            stopped.countDown();
          }
        };
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "demo-shutdown"));
    String fleetApi = api + "/api/v1/fleets/" + fleetId;
    System.out.println(
        String.join(
            System.lineSeparator(),
            "",
            "Vigil demo is running.",
            "  dashboard        " + api + "/dashboard/index.html",
            "  log in as        "
                + String.join(
                    ", ",
                    java.util.Arrays.stream(Role.values())
                        .map(r -> userName(fleetId, r) + " / " + logins.get(r))
                        .toList()),
            "  API tokens       POST "
                + api
                + "/login {\"username\": ..., \"password\": ...};"
                + " then Authorization: Bearer <access_token>",
            "  fleet score      " + fleetApi + "/score?days=1",
            "  leaderboard      " + fleetApi + "/leaderboard/drivers?days=1",
            "  events           " + fleetApi + "/events?limit=20",
            "  vehicles         " + fleetApi + "/vehicles",
            "  API description  " + api + "/openapi/vigil-cloud-api-1.yml",
            "  health, metrics  " + api + "/health  " + api + "/prometheus",
            "  MQTT " + mqtt + ", Kafka " + kafka + " (service user " + user + ")",
            "  The simulated fleet ("
                + scenario
                + ": "
                + fleet.size()
                + " vehicles, "
                + drivers.size()
                + " drivers) now drives; "
                + (check
                    ? "the demo stops once every driver has a score."
                    : "press Ctrl-C to stop."),
            ""));
    progress.start();
    Thread driving =
        new Thread(
            () -> {
              try {
                FleetRuntime.Report report = agent.run();
                if (!stopping.get()) {
                  System.out.printf(
                      "Vigil demo: the fleet finished its trips (%d events)%s%n",
                      report.events(), check ? "" : "; the API keeps serving until Ctrl-C");
                }
              } catch (Exception e) {
                System.err.println("Vigil demo: the simulated fleet stopped: " + e.getMessage());
              }
            },
            "demo-fleet");
    driving.start();
    if (!check) {
      stopped.await();
      return 0;
    }
    long deadline = servicesStarted + SCORED_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      progress.read();
      if (progress.everyDriverScored()) {
        break;
      }
      Thread.sleep(500);
    }
    double seconds = (System.nanoTime() - servicesStarted) / 1e9;
    boolean ok = progress.everyDriverScored();
    System.out.printf(
        ok
            ? "Vigil demo: every driver (%d) had a score %.1f s after the services started%n"
            : "Vigil demo: after %2$.1f s, not every driver (%1$d) has a score%n",
        drivers.size(),
        seconds);
    driving.join(Duration.ofSeconds(30).toMillis());
    stop.run();
    return ok ? 0 : 1;
  }

  private static String userName(String fleet, Role role) {
    return fleet + "-" + role.wireName();
  }
}
