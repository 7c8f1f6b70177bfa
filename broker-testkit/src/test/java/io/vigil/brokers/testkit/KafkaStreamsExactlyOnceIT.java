package io.vigil.brokers.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Kafka Streams app with exactly_once_v2 and a RocksDB store runs on the embedded broker. */
class KafkaStreamsExactlyOnceIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final int VEHICLES = 50;
  private static final int PER_VEHICLE = 200;

  @Test
  void countsEveryRecordExactlyOnce() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String input = "readings-" + suffix;
    String output = "counts-" + suffix;
    try (Admin admin = Admin.create(KAFKA.clientConfig(Map.of()))) {
      admin
          .createTopics(
              List.of(new NewTopic(input, 3, (short) 1), new NewTopic(output, 3, (short) 1)))
          .all()
          .get();
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            KAFKA.clientConfig(Map.of()), new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < PER_VEHICLE; i++) {
        for (int v = 0; v < VEHICLES; v++) {
          producer.send(new ProducerRecord<>(input, "vehicle-" + v, "reading-" + i));
        }
      }
    }

    StreamsBuilder builder = new StreamsBuilder();
    builder.<String, String>stream(input)
        .groupByKey()
        .count()
        .toStream()
        .to(output, Produced.with(Serdes.String(), Serdes.Long()));
    Path stateDir = Files.createTempDirectory("vigil-streams-it");
    Properties props = new Properties();
    props.putAll(
        KAFKA.clientConfig(
            Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG,
                "eos-it-" + suffix,
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                StreamsConfig.EXACTLY_ONCE_V2,
                StreamsConfig.STATE_DIR_CONFIG,
                stateDir.toString(),
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                200,
                StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG,
                Serdes.StringSerde.class,
                StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG,
                Serdes.StringSerde.class)));

    Map<String, Long> latest = new HashMap<>();
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
        KafkaConsumer<String, Long> consumer =
            new KafkaConsumer<>(
                KAFKA.clientConfig(
                    Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG, "eos-reader-" + suffix,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
                new StringDeserializer(),
                new LongDeserializer())) {
      streams.start();
      consumer.subscribe(List.of(output));
      Instant deadline = Instant.now().plusSeconds(120);
      while (!allCounted(latest) && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(500))) {
          latest.put(r.key(), r.value());
        }
      }
      assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    assertThat(latest).hasSize(VEHICLES);
    assertThat(latest.values()).allMatch(count -> count == PER_VEHICLE);
  }

  private static boolean allCounted(Map<String, Long> latest) {
    return latest.size() == VEHICLES && latest.values().stream().allMatch(c -> c >= PER_VEHICLE);
  }
}
