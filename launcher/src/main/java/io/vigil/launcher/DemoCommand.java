package io.vigil.launcher;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.runtime.AgentRuntime;
import io.vigil.agent.runtime.FleetRuntime;
import io.vigil.brokers.kafka.KafkaBrokerSettings;
import io.vigil.brokers.mqtt.MqttBrokerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole of Vigil on one machine, on embedded defaults: the dev stack's brokers, the cloud
 * service with all roles, and the edge agent running a simulated fleet against them. Prints where
 * to look; runs until Ctrl-C.
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
      description = "Port of the cloud service's API (default: ${DEFAULT-VALUE}).")
  int httpPort = 8080;

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
                KafkaBrokerSettings.DEFAULT_PORT,
                KafkaBrokerSettings.DEFAULT_CONTROLLER_PORT,
                MqttBrokerSettings.DEFAULT_PORT,
                true,
                true));
    Properties credentials = stack.credentials();
    String user = credentials.getProperty("service.user");
    String password = credentials.getProperty("service.password");
    String mqtt = stack.mqttUri().orElseThrow();
    String kafka = stack.bootstrapServers().orElseThrow();

    System.out.println("Vigil demo: starting the cloud service");
    Map<String, Object> cloudProps = new HashMap<>();
    cloudProps.put("micronaut.server.port", httpPort);
    cloudProps.put("vigil.mqtt.server", mqtt);
    cloudProps.put("vigil.mqtt.username", user);
    cloudProps.put("vigil.mqtt.password", password);
    cloudProps.put("vigil.kafka.bootstrap-servers", kafka);
    cloudProps.put("vigil.kafka.state-dir", dataDir.resolve("streams").toString());
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
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Vigil demo: stopping");
                  agent.stop();
                  cloud.close();
                  stack.close();
                  System.out.println("Vigil demo: stopped cleanly");
                  stopped.countDown();
                },
                "demo-shutdown"));
    String api = "http://127.0.0.1:" + server.getPort();
    System.out.printf(
        "%nVigil demo is running.%n"
            + "  fleet score      %s/api/v1/fleets/demo/score?days=1%n"
            + "  vehicle score    %s/api/v1/fleets/demo/vehicles/courier-0001/score?days=1%n"
            + "  driver score     %s/api/v1/fleets/demo/drivers/trucker-0001/score?days=1%n"
            + "  leaderboard      %s/api/v1/fleets/demo/leaderboard/drivers?days=1%n"
            + "  health, metrics  %s/health  %s/prometheus%n"
            + "  MQTT %s, Kafka %s (service user %s)%n"
            + "  The simulated fleet (%s) now drives; press Ctrl-C to stop.%n%n",
        api, api, api, api, api, api, mqtt, kafka, user, scenario);
    FleetRuntime.Report report = agent.run();
    System.out.printf(
        "Vigil demo: the fleet finished its trips (%d events); the API keeps serving until Ctrl-C%n",
        report.events());
    stopped.await();
    return 0;
  }
}
