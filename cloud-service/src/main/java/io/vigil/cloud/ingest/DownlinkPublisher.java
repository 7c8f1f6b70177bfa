package io.vigil.cloud.ingest;

import io.vigil.cloud.processor.SafetyTopology;
import io.vigil.cloud.rollout.DownlinkMessage;
import io.vigil.mqtt.MqttClientException;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what rollouts decided to the devices: reads {@value SafetyTopology#DOWNLINK} (committed
 * records only, so a step the processor did not commit is never sent) and publishes each message
 * with QoS 1, committing the offset only after the broker acknowledged it. A failed publish is
 * retried from the same record, so a broker outage delays messages but loses none and keeps each
 * fleet's order (a package before the announcement naming it). Instances share the topic's
 * partitions as one consumer group.
 */
public final class DownlinkPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DownlinkPublisher.class);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final KafkaConsumer<String, byte[]> consumer;
  private final ReconnectingMqttClient mqtt;
  private final Deserializer<DownlinkMessage> values =
      SafetyTopology.DOWNLINK_MESSAGE.deserializer();
  private final Thread thread;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong invalid = new AtomicLong();
  private volatile boolean running = true;

  private DownlinkPublisher(KafkaConsumer<String, byte[]> consumer, ReconnectingMqttClient mqtt) {
    this.consumer = consumer;
    this.mqtt = mqtt;
    this.thread = new Thread(this::run, "vigil-downlink");
    this.thread.setDaemon(true);
  }

  /**
   * Connects to MQTT and starts consuming.
   *
   * @param bootstrapServers Kafka
   * @param groupId the consumer group shared by every instance
   * @param settings the MQTT connection (a service identity)
   */
  public static DownlinkPublisher start(
      String bootstrapServers, String groupId, MqttClientSettings settings)
      throws MqttClientException {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // What a rollout sent before this group first started must still reach the devices.
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
    ReconnectingMqttClient mqtt = ReconnectingMqttClient.connect(settings);
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(SafetyTopology.DOWNLINK));
    DownlinkPublisher p = new DownlinkPublisher(consumer, mqtt);
    p.thread.start();
    LOG.info("downlink: publishing {} to MQTT as {}", SafetyTopology.DOWNLINK, settings.clientId());
    return p;
  }

  /** Messages the broker acknowledged. */
  public long published() {
    return published.get();
  }

  /** Publishes that failed and were retried. */
  public long failures() {
    return failures.get();
  }

  /** Records that were not downlink messages (skipped, logged). */
  public long invalid() {
    return invalid.get();
  }

  private void run() {
    try {
      while (running) {
        try {
          poll();
        } catch (WakeupException e) {
          break;
        } catch (RuntimeException e) {
          // A failed commit (partitions moved) or a broker hiccup: what was not committed comes
          // again, and announcements and commands are idempotent on the device.
          failures.incrementAndGet();
          LOG.warn("downlink: {}; carrying on", e.toString());
          sleep(RETRY);
        }
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void poll() {
    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
    if (!records.isEmpty()) {
      LOG.info("downlink: {} rollout messages to publish", records.count());
    }
    for (TopicPartition tp : records.partitions()) {
      for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
        if (!send(r)) {
          // Start over from this record: nothing after it is sent out of order.
          consumer.seek(tp, r.offset());
          sleep(RETRY);
          break;
        }
        consumer.commitSync(Map.of(tp, new OffsetAndMetadata(r.offset() + 1)));
      }
    }
  }

  private boolean send(ConsumerRecord<String, byte[]> r) {
    DownlinkMessage m;
    try {
      m = values.deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      invalid.incrementAndGet();
      LOG.warn(
          "{} offset {}: not a downlink message, skipped: {}", r.topic(), r.offset(), e.toString());
      return true;
    }
    if (m == null) {
      invalid.incrementAndGet();
      return true;
    }
    try {
      mqtt.publish(m.topic(), m.payload(), 1, m.retained()).get(30, TimeUnit.SECONDS);
      published.incrementAndGet();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
      return false;
    } catch (Exception e) {
      failures.incrementAndGet();
      LOG.warn("cannot publish to {} yet, retrying: {}", m.topic(), e.toString());
      return false;
    }
  }

  private void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    mqtt.close();
  }
}
