package io.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources, precedence and errors of the agent's configuration, and its shipped reference file. */
class AgentConfigTest {

  @TempDir Path dir;

  @Test
  void theShippedReferenceFileIsTheGeneratedOne() throws Exception {
    // Regenerate with: the test's failure message shows the expected text.
    assertThat(Files.readString(Path.of("../deploy/edge/agent.properties")))
        .isEqualTo(AgentConfig.reference());
  }

  @Test
  void theReferenceFileLoadsToTheDefaults() throws Exception {
    AgentConfig c =
        AgentConfig.load(
            Optional.of(Path.of("../deploy/edge/agent.properties")), Map.of(), Map.of());
    for (ConfigKey<?> k : AgentConfig.KEYS) {
      assertThat(c.get(k)).as(k.name()).isEqualTo(AgentConfig.defaults().get(k));
    }
  }

  @Test
  void fileThenEnvironmentThenFlagsEachOverrideTheOneBefore() throws Exception {
    Path file = dir.resolve("agent.properties");
    Files.writeString(
        file, "mqtt.server=tcp://file:1883\ntelemetry.interval=5m\noutbox.cap-bytes=8MiB\n");
    AgentConfig c =
        AgentConfig.load(
            Optional.of(file),
            Map.of("VIGIL_AGENT_MQTT_SERVER", "tcp://env:1883", "VIGIL_AGENT_AGENT_VEHICLE", "v9"),
            Map.of("agent.vehicle", "v10"));
    assertThat(c.get(AgentConfig.MQTT_SERVER)).isEqualTo("tcp://env:1883");
    assertThat(c.get(AgentConfig.VEHICLE)).isEqualTo("v10");
    assertThat(c.get(AgentConfig.TELEMETRY_INTERVAL)).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.get(AgentConfig.OUTBOX_CAP)).isEqualTo(8L << 20);
    assertThat(c.get(AgentConfig.MQTT_MAX_IN_FLIGHT)).isEqualTo(100);
  }

  @Test
  void anUnknownKeyOrABadValueIsNamedWithItsSource() throws Exception {
    Path file = dir.resolve("agent.properties");
    Files.writeString(file, "mqtt.sever=tcp://typo:1883\n");
    assertThatThrownBy(() -> AgentConfig.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'mqtt.sever'")
        .hasMessageContaining(file.toString());
    assertThatThrownBy(
            () ->
                AgentConfig.load(
                    Optional.empty(), Map.of("VIGIL_AGENT_TELEMETRY_INTERVAL", "often"), Map.of()))
        .hasMessage(
            "environment variable VIGIL_AGENT_TELEMETRY_INTERVAL: telemetry.interval = 'often'"
                + " is not a duration such as 250ms, 30s, 5m, 1h");
    assertThatThrownBy(
            () ->
                AgentConfig.load(
                    Optional.empty(), Map.of(), Map.of(AgentConfig.METRICS_PORT.name(), "-1")))
        .hasMessage("--set: metrics.port = '-1' is not a whole number from 0 to 65535");
  }

  @Test
  void aSecretIsNotInTheReferenceAndComesFromTheEnvironment() throws Exception {
    assertThat(AgentConfig.reference()).contains("\n#mqtt.password=\n");
    AgentConfig c =
        AgentConfig.load(Optional.empty(), Map.of("VIGIL_AGENT_MQTT_PASSWORD", "s3cret"), Map.of());
    assertThat(c.get(AgentConfig.MQTT_PASSWORD)).isEqualTo("s3cret");
  }

  @Test
  void certificateLoginNeedsTlsAndSendsNoPassword() throws Exception {
    AgentConfig plain =
        AgentConfig.load(
            Optional.empty(),
            Map.of(),
            Map.of(
                "mqtt.server", "tcp://broker:1883", "mqtt.tls.keystore", "/etc/vigil/board.p12"));
    assertThatThrownBy(() -> plain.mqtt("acme.board-1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("need an ssl:// mqtt.server");

    AgentConfig tls =
        AgentConfig.load(
            Optional.empty(),
            Map.of(),
            Map.of(
                "mqtt.server", "ssl://broker:8883", "mqtt.tls.keystore", "/etc/vigil/board.p12"));
    var settings = tls.mqtt("acme.board-1");
    assertThat(settings.password()).isEmpty();
    assertThat(settings.tls()).isPresent();
    assertThat(settings.tls().get().keystore())
        .contains(java.nio.file.Path.of("/etc/vigil/board.p12"));

    AgentConfig password =
        AgentConfig.load(Optional.empty(), Map.of("VIGIL_AGENT_MQTT_PASSWORD", "s3cret"), Map.of());
    assertThat(password.mqtt("acme.board-1").username()).contains("acme.board-1");
    assertThat(password.mqtt("acme.board-1").tls()).isEmpty();
  }
}
