package io.vigil.cloud.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.vigil.cloud.processor.DriftGauges;
import io.vigil.cloud.processor.ProcessorStores;
import io.vigil.cloud.processor.SafetyTopology;
import io.vigil.cloud.processor.StoresUnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The processor role: the {@link SafetyTopology} in Kafka Streams with exactly-once processing,
 * started once the HTTP server listens (its address is what other instances route queries to);
 * {@link #stores()} is what the API reads.
 */
@Singleton
@Requires(property = "vigil.roles.processor", notEquals = "false")
public final class ProcessorRole {

  private final KafkaSettings kafka;
  private final MeterRegistry registry;
  private final RolloutSettings rollout;
  private final DriftSettings drift;
  private volatile KafkaStreams streams;
  private volatile ProcessorStores stores;
  private KafkaStreamsMetrics metrics;

  ProcessorRole(
      KafkaSettings kafka, MeterRegistry registry, RolloutSettings rollout, DriftSettings drift) {
    this.kafka = kafka;
    this.registry = registry;
    this.rollout = rollout;
    this.drift = drift;
  }

  @EventListener
  void start(ServerStartupEvent event) throws InterruptedException {
    KafkaTopicSetup.ensure(kafka);
    String self =
        kafka.applicationServer().isBlank()
            ? "127.0.0.1:" + event.getSource().getPort()
            : kafka.applicationServer();
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, kafka.stateDir());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, kafka.replicationFactor());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, kafka.commitInterval().toMillis());
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, kafka.streamThreads());
    p.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
        (int) kafka.sessionTimeout().toMillis());
    // The model registry is a global store; a bad record there is skipped like anywhere else.
    p.put("processing.exception.handler.global.enabled", true);
    // Rollout steps send model packages to the downlink topic.
    p.put(
        StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        KafkaTopicSetup.MAX_PACKAGE_RECORD_BYTES);
    KafkaStreams s =
        new KafkaStreams(
            SafetyTopology.build(
                kafka.retention(),
                kafka.scoreHistory(),
                rollout.bounds(),
                drift.rule(),
                new DriftGauges(registry)),
            p);
    metrics = new KafkaStreamsMetrics(s);
    metrics.bindTo(registry);
    Gauge.builder(
            "vigil.processor.running", s, k -> k.state() == KafkaStreams.State.RUNNING ? 1 : 0)
        .description("1 while the processor runs (its stores are queryable), else 0")
        .register(registry);
    stores = new ProcessorStores(s, self);
    streams = s;
    s.start();
  }

  /** The processor's state on this instance; unavailable until the server has started. */
  public ProcessorStores stores() {
    ProcessorStores s = stores;
    if (s == null) {
      throw new StoresUnavailableException("the processor has not started yet; retry shortly");
    }
    return s;
  }

  /** Kafka Streams' state: RUNNING, REBALANCING, ERROR, ...; CREATED before it starts. */
  public String state() {
    KafkaStreams s = streams;
    return s == null ? "CREATED" : s.state().name();
  }

  @PreDestroy
  void stop() {
    if (metrics != null) {
      metrics.close();
    }
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
    }
  }
}
