package io.vigil.brokers.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.brokers.mqtt.MqttBrokerSettings;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectBackoff;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared client settings against a real broker: window size and reconnect after a restart. */
class ReconnectingClientIT {

  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  private static final ReconnectBackoff FAST =
      new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), 0.5);

  @Test
  void publishWindowIsCappedByTheServersReceiveMaximum() throws Exception {
    DeviceAddress truck = new DeviceAddress("acme", "truck-window");
    try (ReconnectingMqttClient device =
        TestClients.connect(
            TestClients.device(MQTT, truck, MQTT.issueDevice(truck)).withMaxInFlight(5000))) {
      assertThat(device.inFlightLimit())
          .isEqualTo(MqttBrokerSettings.DEFAULT_SERVER_RECEIVE_MAXIMUM);
    }
  }

  @Test
  void reconnectsByItselfAfterABrokerRestartAndKeepsItsSubscription() throws Exception {
    DeviceAddress truck = new DeviceAddress("acme", "truck-reconnect");
    MqttClientSettings settings =
        TestClients.device(MQTT, truck, MQTT.issueDevice(truck)).withBackoff(FAST);
    BlockingQueue<String> commands = new LinkedBlockingQueue<>();
    try (ReconnectingMqttClient device =
            TestClients.connect(
                settings, m -> commands.add(new String(m.payload(), StandardCharsets.UTF_8)));
        ReconnectingMqttClient service =
            TestClients.connect(TestClients.service(MQTT, "cmd-sender").withBackoff(FAST))) {
      device.subscribe(Topics.command(truck), 1);

      MQTT.stop();
      MQTT.start();

      awaitConnected(device);
      awaitConnected(service);
      assertThat(device.reconnects()).isPositive();
      service
          .publish(
              Topics.command(truck), "after-restart".getBytes(StandardCharsets.UTF_8), 1, false)
          .get(10, TimeUnit.SECONDS);
      device
          .publish(Topics.events(truck), "{}".getBytes(StandardCharsets.UTF_8), 1, false)
          .get(10, TimeUnit.SECONDS);
      assertThat(commands.poll(10, TimeUnit.SECONDS)).isEqualTo("after-restart");
    }
  }

  private static void awaitConnected(ReconnectingMqttClient client) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (!client.isConnected() && Instant.now().isBefore(deadline)) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    assertThat(client.isConnected()).as("reconnected within 30 s").isTrue();
  }
}
