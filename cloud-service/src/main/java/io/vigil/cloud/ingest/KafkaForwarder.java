package io.vigil.cloud.ingest;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Hands ingested messages to Kafka with an idempotent producer ({@code acks=all}, so an
 * acknowledged record is on every in-sync replica and a retried send is never written twice). The
 * returned future completes when Kafka acknowledged the record; only then may the MQTT message be
 * acknowledged. During a Kafka outage sends wait in the producer (up to {@code
 * delivery.timeout.ms}) and, once its buffer is full, {@link #send} blocks: backpressure.
 */
public final class KafkaForwarder implements AutoCloseable {

  /** Dead-letter topic: rejected messages with the reason in headers. */
  public static final String DEAD_LETTERS = "vigil.dead-letters";

  private final KafkaProducer<String, byte[]> producer;

  /**
   * @param config producer configuration: at least {@code bootstrap.servers}; the settings that
   *     make delivery safe are fixed here and cannot be overridden
   */
  public KafkaForwarder(Map<String, Object> config) {
    Map<String, Object> c = new HashMap<>(config);
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    // Keyed records fill one batch per partition: a longer linger makes batches of more than one
    // event, and each batch costs a compressor (64 KB buffers). Adds up to 25 ms to the ack.
    c.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 25);
    c.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // Events are ~4 KB: the default 16 KB batch would close every four records.
    c.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    c.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "vigil-ingest");
    this.producer = new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer());
  }

  /** Sends one record; the future fails if Kafka does not take it within the delivery timeout. */
  public CompletableFuture<Void> send(
      String topic, String key, byte[] value, Map<String, String> headers) {
    ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, value);
    headers.forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      producer.send(
          r,
          (metadata, error) -> {
            if (error == null) {
              done.complete(null);
            } else {
              done.completeExceptionally(error);
            }
          });
    } catch (RuntimeException e) {
      done.completeExceptionally(e); // e.g. the buffer stayed full for max.block.ms
    }
    return done;
  }

  @Override
  public void close() {
    producer.close();
  }
}
