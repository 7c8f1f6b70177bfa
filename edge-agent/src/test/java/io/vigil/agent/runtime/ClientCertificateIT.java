package io.vigil.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.testing.AgentTestKit;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.brokers.testkit.TestPki;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A board that authenticates with its client certificate alone (no password) over TLS: the agent in
 * device mode connects to the broker's TLS listener, goes online and, at stop, offline.
 */
class ClientCertificateIT {

  @RegisterExtension static final MqttBrokerExtension MQTT = MqttBrokerExtension.withTls();

  @TempDir Path dir;

  @Test
  void theAgentLogsInWithItsCertificate() throws Exception {
    DeviceAddress board = new DeviceAddress("acme", "board-7");
    MQTT.issueDevice(board); // provisioned; the password is never given to the agent
    ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
    List<DeviceStatus.State> states = new CopyOnWriteArrayList<>();
    try (ReconnectingMqttClient cloud =
        ReconnectingMqttClient.connect(
            MqttClientSettings.of(MQTT.serverUri(), "cloud-cert-test")
                .withCredentials(MqttBrokerExtension.SERVICE_USER, MQTT.servicePassword()),
            m -> {
              try {
                states.add(codec.decode(m.payload(), DeviceStatus.class).state());
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            })) {
      cloud.subscribe(Topics.status(board), 1);
      AgentConfig config =
          AgentConfig.load(
              Optional.empty(),
              Map.of(
                  "VIGIL_AGENT_MQTT_TLS_KEYSTORE_PASSWORD", TestPki.PASSWORD,
                  "VIGIL_AGENT_MQTT_TLS_TRUSTSTORE_PASSWORD", TestPki.PASSWORD),
              Map.ofEntries(
                  Map.entry("agent.input", "device"),
                  Map.entry("agent.fleet", board.fleetId()),
                  Map.entry("agent.vehicle", board.vehicleId()),
                  Map.entry("agent.data-dir", dir.toString()),
                  Map.entry("agent.run-for", "4s"),
                  Map.entry("model.package", AgentTestKit.SHIPPED.toString()),
                  Map.entry(
                      "model.public-key",
                      AgentTestKit.SHIPPED.resolve("publisher.pub.pem").toString()),
                  Map.entry("mqtt.server", MQTT.tlsServerUri()),
                  Map.entry(
                      "mqtt.tls.keystore", MQTT.pki().clientKeystore(board.clientId()).toString()),
                  Map.entry("mqtt.tls.truststore", MQTT.pki().truststore().toString()),
                  Map.entry("metrics.port", "0")));
      new AgentRuntime(config, Clock.systemUTC(), new PrintStream(System.out)).run();

      AgentTestKit.await(
          () -> states.contains(DeviceStatus.State.OFFLINE), Duration.ofSeconds(30), "offline");
      assertThat(states).containsSubsequence(DeviceStatus.State.ONLINE, DeviceStatus.State.OFFLINE);
    }
  }
}
