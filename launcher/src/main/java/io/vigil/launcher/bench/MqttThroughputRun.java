package io.vigil.launcher.bench;

import io.vigil.brokers.mqtt.EmbeddedMqttBroker;
import io.vigil.brokers.mqtt.MqttBrokerSettings;
import io.vigil.mqtt.InboundMessage;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.auth.CredentialStore;
import io.vigil.protocol.auth.Identity;
import io.vigil.protocol.auth.PasswordHasher;
import io.vigil.protocol.topic.Channel;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * QoS 1 throughput through a fresh embedded MQTT broker: device publishers → shared-subscription
 * service subscribers. Each payload carries a sequence number in its first 8 bytes so that losses
 * and duplicates are counted, not assumed. A warm-up phase on the same broker and connections comes
 * first and is not timed: a fresh HiveMQ delivers at a fraction of its rate for its first ~15 s.
 */
final class MqttThroughputRun {

  private final int publishers;
  private final int subscribers;

  MqttThroughputRun(int publishers, int subscribers) {
    this.publishers = publishers;
    this.subscribers = subscribers;
  }

  /** Sequence numbers of warm-up messages start here; measured ones start at 0. */
  private static final long WARMUP_BASE = 1L << 40;

  BenchmarkResult run(String name, byte[] payload, int messages, int warmup) throws Exception {
    Path dir = Files.createTempDirectory("vigil-bench-mqtt");
    CredentialStore store = CredentialStore.inMemory();
    String servicePassword = PasswordHasher.newToken();
    store.put(new Identity.Service("bench"), servicePassword, PasswordHasher.TOKEN_ITERATIONS);
    BitSet seen = new BitSet(messages);
    AtomicLong duplicates = new AtomicLong();
    AtomicLong received = new AtomicLong();
    CountDownLatch all = new CountDownLatch(messages);
    CountDownLatch warmedUp = new CountDownLatch(warmup);
    Consumer<InboundMessage> handler =
        m -> {
          long raw = ByteBuffer.wrap(m.payload()).getLong();
          if (raw >= WARMUP_BASE) {
            warmedUp.countDown();
            return;
          }
          int seq = (int) raw;
          synchronized (seen) {
            if (seen.get(seq)) {
              duplicates.incrementAndGet();
              return;
            }
            seen.set(seq);
          }
          received.incrementAndGet();
          all.countDown();
        };
    System.out.println("Running " + name + " (" + messages + " messages)");
    try (EmbeddedMqttBroker broker =
        new EmbeddedMqttBroker(MqttBrokerSettings.defaults(dir).withPort(0), store).start()) {
      List<ReconnectingMqttClient> clients = new ArrayList<>();
      try {
        for (int s = 0; s < subscribers; s++) {
          ReconnectingMqttClient sub =
              ReconnectingMqttClient.connect(
                  MqttClientSettings.of(broker.serverUri(), "bench-sub-" + s)
                      .withCredentials("bench", servicePassword)
                      .withCleanStart(true),
                  handler);
          sub.subscribe(Topics.shared("bench", Channel.EVENTS), 1);
          clients.add(sub);
        }
        List<ReconnectingMqttClient> pubs = new ArrayList<>();
        List<DeviceAddress> devices = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
          DeviceAddress device = new DeviceAddress("bench", "vehicle-" + p);
          String token = store.issueDeviceToken(device);
          ReconnectingMqttClient pub =
              ReconnectingMqttClient.connect(
                  MqttClientSettings.of(broker.serverUri(), device.clientId())
                      .withCredentials(device.clientId(), token)
                      .withCleanStart(true));
          pubs.add(pub);
          devices.add(device);
          clients.add(pub);
        }
        if (warmup > 0) {
          System.out.println("  warming up with " + warmup + " messages (not timed)");
          publishAll(pubs, devices, payload, warmup, WARMUP_BASE);
          warmedUp.await(10, TimeUnit.MINUTES);
        }
        long start = System.nanoTime();
        try (ProgressLine progress = new ProgressLine(name, messages, received::get)) {
          publishAll(pubs, devices, payload, messages, 0);
          all.await(10, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new BenchmarkResult(
            name,
            payload.length,
            messages,
            seconds,
            received.get(),
            duplicates.get(),
            broker.droppedMessages());
      } finally {
        for (ReconnectingMqttClient c : clients) {
          c.close();
        }
      }
    }
  }

  /** Publishes {@code count} messages spread over the publishers, each on its own thread. */
  private void publishAll(
      List<ReconnectingMqttClient> pubs,
      List<DeviceAddress> devices,
      byte[] payload,
      int count,
      long base)
      throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<CompletableFuture<?>> acks = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int p = 0; p < publishers; p++) {
      int publisher = p;
      Thread t =
          new Thread(
              () -> {
                String topic = Topics.events(devices.get(publisher));
                for (int i = publisher; i < count; i += publishers) {
                  byte[] copy = payload.clone();
                  ByteBuffer.wrap(copy).putLong(base + i);
                  acks.add(pubs.get(publisher).publish(topic, copy, 1, false));
                }
              },
              "bench-publisher-" + p);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
  }
}
