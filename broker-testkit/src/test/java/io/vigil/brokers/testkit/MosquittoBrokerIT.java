package io.vigil.brokers.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.brokers.mosquitto.MosquittoBroker;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.topic.Channel;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's mosquitto as started by {@link MosquittoBroker}: the project's MQTT client publishes
 * 5,000 QoS 1 messages to a shared subscription and every one arrives once. Skipped where mosquitto
 * is not installed ({@code .ci/run} installs it).
 */
class MosquittoBrokerIT {

  @TempDir Path dir;

  @Test
  void deliversEveryQos1MessageToASharedSubscriptionOnce() throws Exception {
    assumeTrue(MosquittoBroker.executable().isPresent(), "mosquitto is not installed");
    int messages = 5_000;
    BitSet seen = new BitSet(messages);
    int[] duplicates = {0};
    CountDownLatch all = new CountDownLatch(messages);
    try (MosquittoBroker broker = MosquittoBroker.start(dir);
        ReconnectingMqttClient service =
            ReconnectingMqttClient.connect(
                MqttClientSettings.of(broker.serverUri(), "service-1").withCleanStart(true),
                m -> {
                  int seq = ByteBuffer.wrap(m.payload()).getInt();
                  synchronized (seen) {
                    if (seen.get(seq)) {
                      duplicates[0]++;
                      return;
                    }
                    seen.set(seq);
                  }
                  all.countDown();
                })) {
      service.subscribe(Topics.shared("ingest", Channel.EVENTS), 1);
      DeviceAddress truck = new DeviceAddress("acme", "truck-1");
      try (ReconnectingMqttClient device =
          ReconnectingMqttClient.connect(
              MqttClientSettings.of(broker.serverUri(), truck.clientId()).withCleanStart(true))) {
        for (int i = 0; i < messages; i++) {
          device.publish(Topics.events(truck), ByteBuffer.allocate(4).putInt(i).array(), 1, false);
        }
      }
      assertThat(all.await(60, TimeUnit.SECONDS)).isTrue();
      assertThat(seen.cardinality()).isEqualTo(messages);
      assertThat(duplicates[0]).isZero();
    }
  }
}
