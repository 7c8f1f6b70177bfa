package io.vigil.cloud.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.vigil.cloud.ingest.DownlinkPublisher;
import io.vigil.cloud.ingest.IngestDecision;
import io.vigil.cloud.ingest.IngestValidator;
import io.vigil.cloud.ingest.KafkaForwarder;
import io.vigil.cloud.ingest.MqttIngest;
import io.vigil.mqtt.MqttClientException;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.Channel;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;

/** The ingest role: {@link MqttIngest} from the configuration, started with the application. */
@Singleton
@Requires(property = "vigil.roles.ingest", notEquals = "false")
public final class IngestRole {

  private final MqttSettings mqtt;
  private final KafkaSettings kafka;
  private final MeterRegistry registry;
  private KafkaForwarder forwarder;
  private MqttIngest ingest;
  private DownlinkPublisher downlink;

  IngestRole(MqttSettings mqtt, KafkaSettings kafka, MeterRegistry registry) {
    this.mqtt = mqtt;
    this.kafka = kafka;
    this.registry = registry;
  }

  @EventListener
  void start(StartupEvent event) throws MqttClientException, InterruptedException {
    if (mqtt.password() == null || mqtt.password().isEmpty()) {
      throw new IllegalStateException(
          "vigil.mqtt.password is not set (environment variable VIGIL_MQTT_PASSWORD)");
    }
    KafkaTopicSetup.ensure(kafka);
    forwarder =
        new KafkaForwarder(
            Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "delivery.timeout.ms",
                (int) kafka.deliveryTimeout().toMillis()));
    ingest =
        new MqttIngest(
                MqttClientSettings.of(mqtt.server(), mqtt.clientId())
                    .withCredentials(mqtt.username(), mqtt.password()),
                mqtt.shareGroup(),
                new IngestValidator(new ProtocolCodec(Clock.systemUTC())),
                forwarder,
                mqtt.maxInFlight())
            .start();
    for (Channel c : IngestValidator.KAFKA_TOPICS.keySet()) {
      FunctionCounter.builder("vigil.ingest.accepted", ingest, i -> i.accepted(c))
          .description("MQTT messages handed to Kafka and acknowledged")
          .tag("channel", c.level())
          .register(registry);
    }
    for (IngestDecision.Reason r : IngestDecision.Reason.values()) {
      FunctionCounter.builder("vigil.ingest.dead.letters", ingest, i -> i.rejected(r))
          .description("MQTT messages sent to the dead-letter topic")
          .tag("reason", r.wireName())
          .register(registry);
    }
    FunctionCounter.builder("vigil.ingest.kafka.failures", ingest, MqttIngest::kafkaFailures)
        .description("Kafka sends that failed (each followed by an MQTT reconnect and redelivery)")
        .register(registry);
    downlink =
        DownlinkPublisher.start(
            kafka.bootstrapServers(),
            mqtt.shareGroup() + "-downlink",
            MqttClientSettings.of(mqtt.server(), mqtt.clientId() + "-downlink")
                .withCredentials(mqtt.username(), mqtt.password()));
    FunctionCounter.builder("vigil.downlink.published", downlink, DownlinkPublisher::published)
        .description("Rollout messages (packages, announcements, commands) the broker acknowledged")
        .register(registry);
    FunctionCounter.builder("vigil.downlink.failures", downlink, DownlinkPublisher::failures)
        .description("Rollout message publishes (or offset commits) that failed and were retried")
        .register(registry);
    FunctionCounter.builder("vigil.downlink.invalid", downlink, DownlinkPublisher::invalid)
        .description("Records on vigil.downlink that were not rollout messages (skipped)")
        .register(registry);
  }

  public MqttIngest ingest() {
    return ingest;
  }

  @PreDestroy
  void stop() {
    if (downlink != null) {
      downlink.close();
    }
    if (ingest != null) {
      ingest.close();
    }
    if (forwarder != null) {
      forwarder.close();
    }
  }
}
