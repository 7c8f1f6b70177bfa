package io.vigil.launcher;

import io.vigil.agent.config.AgentConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The in-process fleet of the rollout ITs: agents driving a scenario in real time against a {@link
 * DevStack}'s MQTT broker, starting on {@code pkg} and trusting {@code key}; and the pacer steps
 * they run, which fail the drive when test code throws.
 */
final class FleetAgents {

  private FleetAgents() {}

  static AgentConfig config(
      DevStack stack, String password, Path scenario, Path dataDir, Path pkg, Path key)
      throws Exception {
    return AgentConfig.load(
        Optional.empty(),
        Map.of("VIGIL_AGENT_MQTT_PASSWORD", password),
        Map.of(
            "agent.scenario",
            scenario.toString(),
            "agent.realtime",
            "true",
            "agent.data-dir",
            dataDir.toString(),
            "model.package",
            pkg.toString(),
            "model.public-key",
            key.toString(),
            "model.retry-interval",
            "1s",
            "mqtt.server",
            stack.mqttUri().orElseThrow(),
            "mqtt.username",
            DevStack.SERVICE_USER,
            "telemetry.interval",
            "10s",
            "metrics.port",
            "0"));
  }

  /** A pacer action: test code that may throw. */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  /** Runs {@code s}, turning an exception into an assertion error that fails the drive. */
  static void step(Step s) {
    try {
      s.run();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
