package io.vigil.cloud.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.vigil.cloud.processor.SafetyTopology;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The processor role: the {@link SafetyTopology} in Kafka Streams with exactly-once processing,
 * started with the application; its stores are what the API reads.
 */
@Singleton
@Requires(property = "vigil.roles.processor", notEquals = "false")
public final class ProcessorRole {

  private final KafkaSettings kafka;
  private KafkaStreams streams;

  ProcessorRole(KafkaSettings kafka) {
    this.kafka = kafka;
  }

  @EventListener
  void start(StartupEvent event) throws InterruptedException {
    KafkaTopicSetup.ensure(kafka);
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, kafka.stateDir());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, kafka.replicationFactor());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, kafka.commitInterval().toMillis());
    // No global stores here; this only silences Kafka Streams' start-up advice about them.
    p.put("processing.exception.handler.global.enabled", true);
    streams = new KafkaStreams(SafetyTopology.build(kafka.retention()), p);
    streams.start();
  }

  /** Whether the stores can be read now (not while starting or rebalancing). */
  public boolean running() {
    return streams != null && streams.state() == KafkaStreams.State.RUNNING;
  }

  /** The daily tallies this instance holds. */
  public <V> ReadOnlyKeyValueStore<String, V> tallies() {
    return streams.store(
        StoreQueryParameters.fromNameAndType(
            SafetyTopology.TALLY_STORE, QueryableStoreTypes.<String, V>keyValueStore()));
  }

  /** The event ledger entries (event JSON and review state) this instance holds, by event id. */
  public <V> ReadOnlyKeyValueStore<String, V> ledger() {
    return streams.store(
        StoreQueryParameters.fromNameAndType(
            SafetyTopology.LEDGER_STORE, QueryableStoreTypes.<String, V>keyValueStore()));
  }

  @PreDestroy
  void stop() {
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
    }
  }
}
