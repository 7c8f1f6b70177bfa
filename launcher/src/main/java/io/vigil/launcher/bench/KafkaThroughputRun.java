package io.vigil.launcher.bench;

import io.vigil.brokers.kafka.EmbeddedKafkaBroker;
import io.vigil.brokers.kafka.KafkaBrokerSettings;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Producer throughput into a fresh embedded Kafka broker with the settings the ingest uses:
 * idempotent, {@code acks=all}, keyed by vehicle id. Counts acknowledgements and failures.
 */
final class KafkaThroughputRun {

  private static final int PARTITIONS = 6;
  private static final int VEHICLES = 1000;

  BenchmarkResult run(String name, byte[] payload, int messages) throws Exception {
    System.out.println("Running " + name + " (" + messages + " messages)");
    try (EmbeddedKafkaBroker kafka =
        new EmbeddedKafkaBroker(
                KafkaBrokerSettings.defaults(Files.createTempDirectory("vigil-bench-kafka"))
                    .withRandomPorts())
            .start()) {
      String topic = "bench-events";
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
      }
      AtomicLong acked = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      CountDownLatch done = new CountDownLatch(messages);
      long start = System.nanoTime();
      try (ProgressLine progress = new ProgressLine(name, messages, acked::get);
          KafkaProducer<String, byte[]> producer =
              new KafkaProducer<>(
                  Map.of(
                      ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                      kafka.bootstrapServers(),
                      ProducerConfig.ACKS_CONFIG,
                      "all",
                      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                      true,
                      ProducerConfig.LINGER_MS_CONFIG,
                      5,
                      ProducerConfig.BATCH_SIZE_CONFIG,
                      256 * 1024,
                      ProducerConfig.COMPRESSION_TYPE_CONFIG,
                      "lz4"),
                  new StringSerializer(),
                  new ByteArraySerializer())) {
        for (int i = 0; i < messages; i++) {
          producer.send(
              new ProducerRecord<>(topic, "vehicle-" + (i % VEHICLES), payload),
              (metadata, error) -> {
                if (error == null) {
                  acked.incrementAndGet();
                } else {
                  failed.incrementAndGet();
                }
                done.countDown();
              });
        }
        producer.flush();
        done.await(10, TimeUnit.MINUTES);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new BenchmarkResult(
          name, payload.length, messages, seconds, acked.get(), 0, failed.get());
    }
  }
}
