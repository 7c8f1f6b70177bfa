package io.vigil.brokers.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.mqtt.InboundMessage;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A device's persistent session gets the QoS 1 messages published while it was offline, also when
 * the broker restarted in between.
 */
class PersistentSessionIT {

  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  private static final int BATCH = 200;

  @Test
  void offlineDeviceReceivesWhatWasPublishedMeanwhile() throws Exception {
    DeviceAddress truck = new DeviceAddress("acme", "truck-offline");
    MqttClientSettings settings = subscribeThenGoOffline(truck);

    publishCommands(truck, "offline-", BATCH);

    List<String> received = receiveOnReconnect(settings, BATCH);
    assertThat(received).containsExactlyElementsOf(expected("offline-", BATCH));
  }

  @Test
  void queuedMessagesSurviveABrokerRestart() throws Exception {
    DeviceAddress truck = new DeviceAddress("acme", "truck-restart");
    MqttClientSettings settings = subscribeThenGoOffline(truck);
    publishCommands(truck, "before-restart-", BATCH);

    MQTT.stop();
    MQTT.start();

    List<String> received = receiveOnReconnect(settings, BATCH);
    assertThat(received).containsExactlyElementsOf(expected("before-restart-", BATCH));
    assertThat(MQTT.droppedMessages()).isZero();
  }

  /** Connects with a persistent session, subscribes to the device's commands, disconnects. */
  private static MqttClientSettings subscribeThenGoOffline(DeviceAddress truck) throws Exception {
    MqttClientSettings settings = TestClients.device(MQTT, truck, MQTT.issueDevice(truck));
    try (ReconnectingMqttClient first = TestClients.connect(settings)) {
      first.subscribe(Topics.command(truck), 1);
    }
    return settings;
  }

  private static void publishCommands(DeviceAddress truck, String prefix, int count)
      throws Exception {
    try (ReconnectingMqttClient service =
        TestClients.connect(TestClients.service(MQTT, "cmd-publisher-" + truck.vehicleId()))) {
      CompletableFuture<?>[] acks = new CompletableFuture<?>[count];
      for (int i = 0; i < count; i++) {
        acks[i] =
            service.publish(
                Topics.command(truck), (prefix + i).getBytes(StandardCharsets.UTF_8), 1, false);
      }
      CompletableFuture.allOf(acks).get(60, TimeUnit.SECONDS);
    }
  }

  private static List<String> receiveOnReconnect(MqttClientSettings settings, int count)
      throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    CountDownLatch latch = new CountDownLatch(count);
    Consumer<InboundMessage> handler =
        m -> {
          received.add(new String(m.payload(), StandardCharsets.UTF_8));
          latch.countDown();
        };
    try (ReconnectingMqttClient again = TestClients.connect(settings, handler)) {
      assertThat(latch.await(60, TimeUnit.SECONDS))
          .as("received %d of %d", received.size(), count)
          .isTrue();
    }
    return received;
  }

  private static List<String> expected(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
  }
}
