package io.vigil.cloud.api;

import io.micronaut.context.annotation.Requires;
import io.vigil.cloud.app.KafkaSettings;
import io.vigil.cloud.app.KafkaTopicSetup;
import io.vigil.cloud.processor.ReviewDecision;
import io.vigil.cloud.processor.SafetyTopology;
import io.vigil.cloud.registry.RegisteredModel;
import io.vigil.cloud.retraining.RetrainingJob;
import io.vigil.cloud.retraining.RetrainingWorker;
import io.vigil.cloud.rollout.RolloutCommand;
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
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes what users decide through the API to Kafka with an idempotent {@code acks=all} producer:
 * review decisions ({@code vigil.reviews}, keyed by the event's vehicle), rollout commands ({@code
 * vigil.rollout-commands}, keyed by fleet), registered model packages ({@code vigil.models}, keyed
 * by model and version) and commands to devices ({@code vigil.downlink}, keyed by fleet). A
 * decision is accepted only once Kafka has it.
 */
@Singleton
@Requires(property = "vigil.roles.api", notEquals = "false")
public final class ControlPublisher {

  private final KafkaProducer<String, byte[]> producer;

  ControlPublisher(KafkaSettings kafka) {
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                KafkaTopicSetup.MAX_PACKAGE_RECORD_BYTES,
                ProducerConfig.CLIENT_ID_CONFIG,
                "vigil-api-control"),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /** Publishes {@code d} for the vehicle {@code fleetVehicle} and waits for Kafka. */
  void review(String fleetVehicle, ReviewDecision d)
      throws InterruptedException, ExecutionException, TimeoutException {
    send(SafetyTopology.REVIEWS, fleetVehicle, SafetyTopology.REVIEW, d);
  }

  /** Publishes a rollout command for {@code fleetId} and waits for Kafka. */
  void rolloutCommand(String fleetId, RolloutCommand c)
      throws InterruptedException, ExecutionException, TimeoutException {
    send(SafetyTopology.ROLLOUT_COMMANDS, fleetId, SafetyTopology.ROLLOUT_COMMAND, c);
  }

  /** Publishes a model package to the registry and waits for Kafka. */
  void model(RegisteredModel m) throws InterruptedException, ExecutionException, TimeoutException {
    send(SafetyTopology.MODELS, m.key(), SafetyTopology.REGISTERED_MODEL, m);
  }

  /** Publishes a message for the devices (sent to MQTT by the ingest role) and waits for Kafka. */
  void downlink(String fleetId, io.vigil.cloud.rollout.DownlinkMessage m)
      throws InterruptedException, ExecutionException, TimeoutException {
    send(SafetyTopology.DOWNLINK, fleetId, SafetyTopology.DOWNLINK_MESSAGE, m);
  }

  void retrainingJob(RetrainingJob j)
      throws InterruptedException, ExecutionException, TimeoutException {
    send(RetrainingWorker.TOPIC, j.jobId(), SafetyTopology.RETRAINING_JOB, j);
  }

  private <T> void send(String topic, String key, Serde<T> serde, T value)
      throws InterruptedException, ExecutionException, TimeoutException {
    byte[] bytes = serde.serializer().serialize(topic, value);
    producer.send(new ProducerRecord<>(topic, key, bytes)).get(30, TimeUnit.SECONDS);
  }

  @PreDestroy
  void close() {
    producer.close();
  }
}
