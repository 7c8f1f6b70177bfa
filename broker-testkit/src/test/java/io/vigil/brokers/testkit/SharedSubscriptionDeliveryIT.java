package io.vigil.brokers.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.mqtt.InboundMessage;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.topic.Channel;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 100,000 QoS 1 messages through a shared subscription of two subscribers: zero loss, zero
 * duplicates, nothing dropped by the broker. How HiveMQ splits the load is its choice: it
 * alternates between subscribers for messages that arrive one at a time, but a burst is drained by
 * whichever subscriber is polling the shared queue, whatever its receive-maximum (see
 * docs/benchmarks.md). The split is printed.
 */
class SharedSubscriptionDeliveryIT {

  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  private static final int MESSAGES = 100_000;

  private final BitSet seen = new BitSet(MESSAGES);
  private final AtomicInteger duplicates = new AtomicInteger();
  private final AtomicInteger outOfRange = new AtomicInteger();
  private final CountDownLatch allReceived = new CountDownLatch(MESSAGES);

  @Test
  void everyMessageArrivesExactlyOnceAcrossTwoSubscribers() throws Exception {
    DeviceAddress truck = new DeviceAddress("acme", "truck-load");
    String password = MQTT.issueDevice(truck);
    AtomicInteger receivedByA = new AtomicInteger();
    AtomicInteger receivedByB = new AtomicInteger();
    String filter = Topics.shared("ingest", Channel.EVENTS);

    try (ReconnectingMqttClient a =
            TestClients.connect(TestClients.service(MQTT, "ingest-a"), counting(receivedByA));
        ReconnectingMqttClient b =
            TestClients.connect(TestClients.service(MQTT, "ingest-b"), counting(receivedByB));
        ReconnectingMqttClient device =
            TestClients.connect(TestClients.device(MQTT, truck, password))) {
      a.subscribe(filter, 1);
      b.subscribe(filter, 1);

      long start = System.nanoTime();
      CompletableFuture<?>[] acks = new CompletableFuture<?>[MESSAGES];
      for (int i = 0; i < MESSAGES; i++) {
        acks[i] =
            device.publish(
                Topics.events(truck), ByteBuffer.allocate(4).putInt(i).array(), 1, false);
      }
      CompletableFuture.allOf(acks).get(5, TimeUnit.MINUTES);
      assertThat(allReceived.await(5, TimeUnit.MINUTES))
          .as("all received; missing %d", allReceived.getCount())
          .isTrue();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "shared subscription: %d QoS1 messages in %.1f s (%.0f msg/s), split %d / %d%n",
          MESSAGES, seconds, MESSAGES / seconds, receivedByA.get(), receivedByB.get());

      assertThat(device.awaitDrained(Duration.ofSeconds(30))).isTrue();
      assertThat(duplicates.get()).isZero();
      assertThat(outOfRange.get()).isZero();
      synchronized (seen) {
        assertThat(seen.cardinality()).isEqualTo(MESSAGES);
      }
      assertThat(receivedByA.get() + receivedByB.get()).isEqualTo(MESSAGES);
      assertThat(a.reconnects() + b.reconnects() + device.reconnects()).isZero();
      assertThat(MQTT.droppedMessages()).isZero();
    }
  }

  private Consumer<InboundMessage> counting(AtomicInteger perSubscriber) {
    return message -> {
      int i = ByteBuffer.wrap(message.payload()).getInt();
      perSubscriber.incrementAndGet();
      if (i < 0 || i >= MESSAGES) {
        outOfRange.incrementAndGet();
        return;
      }
      synchronized (seen) {
        if (seen.get(i)) {
          duplicates.incrementAndGet();
          return;
        }
        seen.set(i);
      }
      allReceived.countDown();
    };
  }
}
