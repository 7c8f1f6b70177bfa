package io.vigil.brokers.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The birth/will pattern of the status topic: a device's retained birth message is there for late
 * subscribers, and when the device vanishes without a DISCONNECT the broker publishes its will.
 */
class DeviceStatusWillIT {

  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  @Test
  void retainedBirthThenWillOnAbruptLoss() throws Exception {
    DeviceAddress truck = new DeviceAddress("acme", "truck-will");
    String statusTopic = Topics.status(truck);
    MqttClientSettings settings =
        TestClients.device(MQTT, truck, MQTT.issueDevice(truck))
            .withWill(
                new MqttClientSettings.Will(
                    statusTopic, "offline".getBytes(StandardCharsets.UTF_8), 1, true));
    ReconnectingMqttClient device = TestClients.connect(settings);
    device
        .publish(statusTopic, "online".getBytes(StandardCharsets.UTF_8), 1, true)
        .get(10, TimeUnit.SECONDS);

    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    try (ReconnectingMqttClient watcher =
        TestClients.connect(
            TestClients.service(MQTT, "status-watcher").withCleanStart(true),
            m ->
                seen.add(
                    new String(m.payload(), StandardCharsets.UTF_8)
                        + (m.retained() ? " (retained)" : "")))) {
      watcher.subscribe(statusTopic, 1);
      assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("online (retained)");

      device.closeAbruptly();

      assertThat(seen.poll(30, TimeUnit.SECONDS)).startsWith("offline");
    }
  }
}
