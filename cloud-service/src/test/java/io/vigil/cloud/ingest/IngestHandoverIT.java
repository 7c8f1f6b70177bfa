package io.vigil.cloud.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.brokers.mosquitto.MosquittoBroker;
import io.vigil.brokers.testkit.KafkaBrokerExtension;
import io.vigil.cloud.TestEvents;
import io.vigil.cloud.processor.SafetyTopology;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.EventType;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest scaled down while devices publish: two instances share the subscription on Debian's
 * mosquitto, one stops (as a pod being scaled away does, never to return under its client id), and
 * every event still reaches Kafka. The stopping instance leaves the share group first and takes
 * what the broker had already routed to it before it disconnects; otherwise the broker keeps
 * routing to, and queueing for, a session nobody resumes.
 */
class IngestHandoverIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final int VEHICLES = 20;
  private static final int EVENTS = 3_000;

  @TempDir Path dir;

  private final ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());

  @Test
  void anInstanceThatStopsLeavesItsShareToTheOthersAndNothingIsLost() throws Exception {
    assumeTrue(MosquittoBroker.executable().isPresent(), "mosquitto is not installed");
    try (MosquittoBroker mqtt = MosquittoBroker.start(dir.resolve("mqtt"));
        KafkaForwarder kafka = new KafkaForwarder(KAFKA.clientConfig(Map.of()))) {
      MqttIngest leaving = ingest(mqtt, "ingest-a", kafka).start();
      try (MqttIngest staying = ingest(mqtt, "ingest-b", kafka).start();
          ReconnectingMqttClient devices =
              ReconnectingMqttClient.connect(
                  MqttClientSettings.of(mqtt.serverUri(), "devices").withCleanStart(true))) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
          DeviceAddress vehicle = new DeviceAddress("acme", "truck-" + (i % VEHICLES));
          byte[] payload =
              codec.encode(
                  TestEvents.event(
                      "acme",
                      vehicle.vehicleId(),
                      "driver-1",
                      EventType.HARSH_BRAKING,
                      Instant.parse("2026-11-20T08:00:00Z").plusSeconds(i)));
          acks.add(devices.publish(Topics.events(vehicle), payload, 1, false));
          if (i == EVENTS / 3) {
            leaving.close(); // while traffic flows, like a scale-down
          }
          if (i % 50 == 0) {
            Thread.sleep(20);
          }
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        assertThat(leaving.accepted(io.vigil.protocol.topic.Channel.EVENTS))
            .as("the leaving instance had its share before it left")
            .isPositive();
        assertThat(distinctEventIds(Duration.ofSeconds(60))).hasSize(EVENTS);
      }
    }
  }

  private MqttIngest ingest(MosquittoBroker mqtt, String clientId, KafkaForwarder kafka) {
    return new MqttIngest(
        MqttClientSettings.of(mqtt.serverUri(), clientId),
        "vigil-ingest",
        new IngestValidator(codec),
        kafka,
        1000);
  }

  /** Event ids in vigil.events, read until all have arrived or {@code limit} passes. */
  private Set<String> distinctEventIds(Duration limit) throws Exception {
    ObjectMapper json = new ObjectMapper();
    Set<String> ids = new HashSet<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            KAFKA.clientConfig(
                Map.of("group.id", "handover-check", "auto.offset.reset", "earliest")),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(SafetyTopology.EVENTS));
      long deadline = System.nanoTime() + limit.toNanos();
      while (ids.size() < EVENTS && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          ids.add(json.readTree(r.value()).path("eventId").asText());
        }
      }
    }
    return ids;
  }
}
