package io.vigil.brokers.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Transactions on the embedded broker: read_committed sees committed records only. */
class KafkaTransactionsIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @Test
  void readCommittedConsumerSeesOnlyCommittedTransactions() throws Exception {
    String topic = "tx-" + UUID.randomUUID();
    try (Admin admin = Admin.create(KAFKA.clientConfig(Map.of()))) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            KAFKA.clientConfig(
                Map.of(
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-it",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.ACKS_CONFIG, "all")),
            new StringSerializer(),
            new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < 100; i++) {
        producer.send(new ProducerRecord<>(topic, "vehicle-" + (i % 7), "committed-" + i));
      }
      producer.commitTransaction();
      producer.beginTransaction();
      for (int i = 0; i < 50; i++) {
        producer.send(new ProducerRecord<>(topic, "vehicle-" + (i % 7), "aborted-" + i));
      }
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      for (int p = 0; p < 3; p++) {
        producer.send(new ProducerRecord<>(topic, p, "end", "end-" + p));
      }
      producer.commitTransaction();
    }

    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            KAFKA.clientConfig(
                Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, "tx-reader",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      Instant deadline = Instant.now().plusSeconds(60);
      while (values.stream().filter(v -> v.startsWith("end-")).count() < 3
          && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          values.add(r.value());
        }
      }
    }
    assertThat(values.stream().filter(v -> v.startsWith("committed-"))).hasSize(100);
    assertThat(values.stream().filter(v -> v.startsWith("end-"))).hasSize(3);
    assertThat(values).noneMatch(v -> v.startsWith("aborted-"));
  }
}
