package io.vigil.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.testing.AgentTestKit;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.Telemetry;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.Channel;
import io.vigil.protocol.topic.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole agent in fleet mode against a real MQTT broker: three simulated vehicles, as fast as
 * the machine goes; the cloud side sees every event once, telemetry with trip distance and input
 * statistics, and each vehicle's retained status going online and then offline.
 */
class AgentRuntimeIT {

  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  @TempDir Path dir;

  @Test
  void aSimulatedFleetsEventsTelemetryAndStatusReachTheBroker() throws Exception {
    ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
    List<SafetyEvent> events = new CopyOnWriteArrayList<>();
    List<Telemetry> telemetry = new CopyOnWriteArrayList<>();
    Map<String, DeviceStatus.State> status = new ConcurrentHashMap<>();
    try (ReconnectingMqttClient cloud =
        ReconnectingMqttClient.connect(
            MqttClientSettings.of(MQTT.serverUri(), "cloud-test")
                .withCredentials(MqttBrokerExtension.SERVICE_USER, MQTT.servicePassword()),
            m -> {
              try {
                switch (Topics.parse(m.topic()).orElseThrow().channel()) {
                  case EVENTS -> events.add(codec.decode(m.payload(), SafetyEvent.class));
                  case TELEMETRY -> telemetry.add(codec.decode(m.payload(), Telemetry.class));
                  case STATUS -> {
                    DeviceStatus s = codec.decode(m.payload(), DeviceStatus.class);
                    status.put(s.vehicleId(), s.state());
                  }
                  default -> {}
                }
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            })) {
      for (Channel c : List.of(Channel.EVENTS, Channel.TELEMETRY, Channel.STATUS)) {
        cloud.subscribe(Topics.allVehicles(c), 1);
      }
      AgentConfig config =
          AgentConfig.load(
              Optional.empty(),
              Map.of("VIGIL_AGENT_MQTT_PASSWORD", MQTT.servicePassword()),
              Map.of(
                  "agent.scenario", AgentTestKit.TEST_SCENARIO.toString(),
                  "agent.realtime", "false",
                  "agent.data-dir", dir.toString(),
                  "model.package", "../models/vigil-driving/1.0.0",
                  "model.public-key", "../models/vigil-driving/1.0.0/publisher.pub.pem",
                  "mqtt.server", MQTT.serverUri(),
                  "mqtt.username", MqttBrokerExtension.SERVICE_USER,
                  "telemetry.interval", "60s",
                  "metrics.port", "0"));
      FleetRuntime.Report report =
          new AgentRuntime(config, Clock.systemUTC(), new PrintStream(System.out)).run();

      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline
          && (events.size() < report.events() || !allOffline(status))) {
        Thread.sleep(50);
      }
      assertThat(report.events()).isGreaterThan(15);
      Set<UUID> ids = events.stream().map(SafetyEvent::eventId).collect(Collectors.toSet());
      assertThat(ids).hasSize((int) report.events());
      assertThat(status)
          .hasSize(3)
          .allSatisfy((v, s) -> assertThat(s).isEqualTo(DeviceStatus.State.OFFLINE));
      // 10-minute trips, a report a minute plus the last one
      assertThat(telemetry).hasSizeGreaterThanOrEqualTo(3 * 10);
      Telemetry last =
          telemetry.stream()
              .filter(t -> t.trip().state() == Telemetry.TripState.ENDED)
              .findFirst()
              .orElseThrow();
      assertThat(last.trip().distanceM()).isGreaterThan(1000);
      assertThat(last.featureStats()).extracting(Telemetry.FeatureStats::name).contains("accel_x");
      assertThat(last.calibration()).isPresent();
    }
  }

  private static boolean allOffline(Map<String, DeviceStatus.State> status) {
    return status.size() == 3
        && status.values().stream().allMatch(s -> s == DeviceStatus.State.OFFLINE);
  }
}
