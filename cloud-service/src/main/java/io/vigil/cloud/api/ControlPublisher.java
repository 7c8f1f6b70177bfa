package io.vigil.cloud.api;

import io.micronaut.context.annotation.Requires;
import io.vigil.cloud.app.KafkaSettings;
import io.vigil.cloud.processor.ReviewDecision;
import io.vigil.cloud.processor.SafetyTopology;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes review decisions to {@code vigil.reviews}, keyed by the event's vehicle, with an
 * idempotent {@code acks=all} producer; a review is accepted only once Kafka has it.
 */
@Singleton
@Requires(property = "vigil.roles.api", notEquals = "false")
public final class ReviewPublisher {

  private final KafkaProducer<String, byte[]> producer;

  ReviewPublisher(KafkaSettings kafka) {
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.CLIENT_ID_CONFIG,
                "vigil-api-reviews"),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /** Publishes {@code d} for the vehicle {@code fleetVehicle} and waits for Kafka. */
  void publish(String fleetVehicle, ReviewDecision d)
      throws InterruptedException, ExecutionException, TimeoutException {
    byte[] value = SafetyTopology.REVIEW.serializer().serialize(SafetyTopology.REVIEWS, d);
    producer
        .send(new ProducerRecord<>(SafetyTopology.REVIEWS, fleetVehicle, value))
        .get(30, TimeUnit.SECONDS);
  }

  @PreDestroy
  void close() {
    producer.close();
  }
}
