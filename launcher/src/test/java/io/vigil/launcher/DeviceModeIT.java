package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.SampleBatch;
import io.vigil.protocol.json.InvalidMessageException;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The simulator's device mode against a real broker: a vehicle's agent, with the vehicle's own
 * credentials, receives its raw samples in real time as valid SampleBatch messages.
 */
class DeviceModeIT {

  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  @Test
  void aVehiclesAgentReceivesItsSamplesInRealTime() throws Exception {
    DeviceAddress van = new DeviceAddress("demo", "van-0001");
    ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
    List<SampleBatch> batches = new CopyOnWriteArrayList<>();
    AtomicInteger invalid = new AtomicInteger();
    try (ReconnectingMqttClient agent =
        ReconnectingMqttClient.connect(
            MqttClientSettings.of(MQTT.serverUri(), van.clientId())
                .withCredentials(van.clientId(), MQTT.issueDevice(van))
                .withCleanStart(true),
            m -> {
              try {
                batches.add(codec.decode(m.payload(), SampleBatch.class));
              } catch (InvalidMessageException e) {
                invalid.incrementAndGet();
              }
            })) {
      agent.subscribe(Topics.samples(van), 1);

      int exit =
          VigilCommand.commandLine(Path.of("none"), false)
              .execute(
                  "simulate",
                  "--scenario",
                  Path.of("..", "seeds", "demo-fleet.yaml").toString(),
                  "--realtime",
                  "--seconds",
                  "3",
                  "--mqtt",
                  MQTT.serverUri(),
                  "--mqtt-user",
                  MqttBrokerExtension.SERVICE_USER,
                  "--mqtt-password",
                  MQTT.servicePassword());
      assertThat(exit).isZero();
    }

    int samples = batches.stream().mapToInt(SampleBatch::size).sum();
    assertThat(invalid.get()).isZero();
    // 3 s at 50 Hz is 150 samples, less the occasional lost one and the last partial tick.
    assertThat(samples).isBetween(130, 151);
    long previous = -1;
    for (SampleBatch b : batches) {
      assertThat(b.vehicleId()).isEqualTo("van-0001");
      for (long t : b.tNs()) {
        assertThat(t).isGreaterThan(previous);
        previous = t;
      }
    }
  }
}
