package io.vigil.brokers.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The embedded Kafka keeps topics, records and committed offsets across a restart. */
class KafkaRestartIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @Test
  void recordsAndCommittedOffsetsSurviveARestart() throws Exception {
    Assumptions.assumeTrue(KAFKA.isEmbedded(), "restarting is a property of the embedded broker");
    String topic = "restart-check";
    try (Admin admin = Admin.create(KAFKA.clientConfig(Map.of()))) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
    }
    produce(topic, "before-", 100);
    assertThat(consume(topic, 100)).hasSize(100).allMatch(v -> v.startsWith("before-"));

    KAFKA.stop();
    KAFKA.start();

    produce(topic, "after-", 50);
    // The same group resumes from its committed offsets: only the new records.
    assertThat(consume(topic, 50)).hasSize(50).allMatch(v -> v.startsWith("after-"));
  }

  private static void produce(String topic, String prefix, int count) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            KAFKA.clientConfig(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, "vehicle-" + (i % 5), prefix + i)).get();
      }
    }
  }

  private static List<String> consume(String topic, int expected) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            KAFKA.clientConfig(
                Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, "restart-reader",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      Instant deadline = Instant.now().plusSeconds(60);
      while (values.size() < expected && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          values.add(r.value());
        }
      }
      consumer.commitSync();
    }
    return values;
  }
}
