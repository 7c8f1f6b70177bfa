package io.vigil.cloud.app;

import io.vigil.cloud.ingest.KafkaForwarder;
import io.vigil.cloud.processor.SafetyTopology;
import io.vigil.cloud.retraining.RetrainingWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the service's topics when they are missing, all with the configured partition count (the
 * processor needs events, telemetry, status and reviews co-partitioned). Existing topics are left
 * as they are: in production they are declared by the platform (e.g. Strimzi).
 */
public final class KafkaTopicSetup {

  /** The topics the service reads and writes (deploy/kubernetes/topics.yaml declares the same). */
  public static final Set<String> TOPICS =
      Set.of(
          SafetyTopology.EVENTS,
          SafetyTopology.TELEMETRY,
          SafetyTopology.REVIEWS,
          SafetyTopology.TRAINING_SAMPLES,
          SafetyTopology.WINDOW_SAMPLES,
          SafetyTopology.STATUS,
          SafetyTopology.MODELS,
          SafetyTopology.ROLLOUT_COMMANDS,
          SafetyTopology.DOWNLINK,
          RetrainingWorker.TOPIC,
          KafkaForwarder.DEAD_LETTERS);

  /** Largest record of the topics that carry model packages, bytes (a package is ~130 kB). */
  public static final int MAX_PACKAGE_RECORD_BYTES = 16 * 1024 * 1024;

  /**
   * Topic settings that differ from the broker's defaults: the registry is compacted (one record
   * per model version, kept forever), and the topics that carry packages take large records.
   */
  public static final Map<String, Map<String, String>> CONFIGS =
      Map.of(
          SafetyTopology.MODELS,
          Map.of(
              "cleanup.policy",
              "compact",
              "max.message.bytes",
              Integer.toString(MAX_PACKAGE_RECORD_BYTES)),
          SafetyTopology.DOWNLINK,
          Map.of("max.message.bytes", Integer.toString(MAX_PACKAGE_RECORD_BYTES)),
          // One record per job, kept: the jobs' history.
          RetrainingWorker.TOPIC,
          Map.of("cleanup.policy", "compact"));

  private KafkaTopicSetup() {}

  static void ensure(KafkaSettings kafka) throws InterruptedException {
    Set<String> topics = TOPICS;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String t : topics) {
        if (!existing.contains(t)) {
          missing.add(
              new NewTopic(t, kafka.partitions(), (short) kafka.replicationFactor())
                  .configs(CONFIGS.getOrDefault(t, Map.of())));
        }
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create Kafka topics: " + e.getCause(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at " + kafka.bootstrapServers() + " did not answer within 60 s", e);
    }
  }
}
