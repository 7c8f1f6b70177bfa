package io.vigil.cloud.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.brokers.testkit.KafkaBrokerExtension;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.cloud.TestEvents;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.EventType;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MQTT → Kafka with real brokers: a device's good events reach {@code vigil.events} keyed by
 * vehicle while more than 30 kinds of bad payload end in the dead-letter topic with their reason;
 * and with Kafka stopped while the device keeps publishing, every event is in Kafka once it is back
 * (the broker kept what ingest could not hand on).
 */
class IngestIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  private final ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
  private final DeviceAddress truck = new DeviceAddress("acme", "truck-1");

  @Test
  void goodTrafficFlowsBadPayloadsEndInTheDeadLettersAndAKafkaOutageLosesNothing()
      throws Exception {
    String password = MQTT.issueDevice(truck);
    List<SafetyEvent> good = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      good.add(event(i));
    }
    List<byte[]> bad = badPayloads(codec.encode(good.get(0)));
    IngestValidator validator = new IngestValidator(codec);
    assertThat(bad)
        .as("every bad payload is one the validator refuses")
        .allMatch(
            b -> validator.decide(Topics.events(truck), b) instanceof IngestDecision.Rejected);
    assertThat(bad).hasSizeGreaterThanOrEqualTo(30);

    try (KafkaForwarder kafka =
            new KafkaForwarder(
                KAFKA.clientConfig(
                    Map.of("delivery.timeout.ms", 20_000, "request.timeout.ms", 5_000)));
        MqttIngest ingest =
            new MqttIngest(
                    MqttClientSettings.of(MQTT.serverUri(), "ingest-1")
                        .withCredentials(MqttBrokerExtension.SERVICE_USER, MQTT.servicePassword()),
                    "vigil-ingest",
                    validator,
                    kafka,
                    1000)
                .start();
        ReconnectingMqttClient device =
            ReconnectingMqttClient.connect(
                MqttClientSettings.of(MQTT.serverUri(), truck.clientId())
                    .withCredentials(truck.clientId(), password));
        KafkaConsumer<String, byte[]> consumer = consumer()) {
      consumer.subscribe(List.of("vigil.events", KafkaForwarder.DEAD_LETTERS));
      Iterator<byte[]> badOnes = bad.iterator();
      for (int i = 0; i < 100; i++) {
        device
            .publish(Topics.events(truck), codec.encode(good.get(i)), 1, false)
            .get(10, TimeUnit.SECONDS);
        if (badOnes.hasNext()) {
          device.publish(Topics.events(truck), badOnes.next(), 1, false).get(10, TimeUnit.SECONDS);
        }
      }
      Map<String, List<ConsumerRecord<String, byte[]>>> got =
          read(consumer, 100, bad.size(), Duration.ofSeconds(60));
      assertThat(ids(got.get("vigil.events")))
          .containsExactlyInAnyOrderElementsOf(ids(good.subList(0, 100)));
      assertThat(got.get("vigil.events")).allMatch(r -> r.key().equals("acme.truck-1"));
      assertThat(got.get(KafkaForwarder.DEAD_LETTERS))
          .hasSize(bad.size())
          .allSatisfy(
              r -> {
                assertThat(header(r, MqttIngest.REASON))
                    .isIn("invalid_payload", "vehicle_mismatch");
                assertThat(header(r, MqttIngest.DETAIL)).isNotBlank();
                assertThat(header(r, MqttIngest.MQTT_TOPIC)).isEqualTo(Topics.events(truck));
              });
      assertThat(ingest.rejected(IngestDecision.Reason.VEHICLE_MISMATCH)).isEqualTo(2);

      // Kafka goes away; the device keeps publishing; ingest cannot hand on and must not ack.
      KAFKA.stop();
      for (int i = 100; i < 200; i++) {
        device
            .publish(Topics.events(truck), codec.encode(good.get(i)), 1, false)
            .get(10, TimeUnit.SECONDS);
      }
      Thread.sleep(5_000);
      KAFKA.start();
      Map<String, List<ConsumerRecord<String, byte[]>>> after =
          read(consumer, 100, 0, Duration.ofSeconds(120));
      Set<UUID> delivered = new HashSet<>(ids(after.get("vigil.events")));
      assertThat(delivered).containsAll(ids(good.subList(100, 200)));
    }
  }

  private SafetyEvent event(int i) {
    return TestEvents.event(
        "acme",
        "truck-1",
        "driver-1",
        EventType.HARSH_BRAKING,
        Instant.parse("2026-11-20T08:00:00Z").plusSeconds(i));
  }

  /** More than 30 different ways a payload on an events topic can be wrong. */
  private List<byte[]> badPayloads(byte[] valid) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<byte[]> out = new ArrayList<>();
    String[] required = {
      "schema",
      "eventId",
      "fleetId",
      "vehicleId",
      "driverId",
      "deviceTimeMs",
      "sequence",
      "type",
      "severity",
      "confidence",
      "anomalyScore",
      "durationMs",
      "peak",
      "modelVersion",
      "snippet"
    };
    for (String field : required) {
      ObjectNode n = (ObjectNode) json.readTree(valid);
      n.remove(field);
      out.add(n.toString().getBytes(StandardCharsets.UTF_8));
    }
    Map<String, Object> wrong = new HashMap<>();
    wrong.put("schema", 2);
    wrong.put("eventId", "not-a-uuid");
    wrong.put("type", "banana");
    wrong.put("severity", 7);
    wrong.put("confidence", 1.5);
    wrong.put("anomalyScore", -1);
    wrong.put("durationMs", -5);
    wrong.put("sequence", "seven");
    wrong.put("deviceTimeMs", "yesterday");
    wrong.put("modelVersion", "v1");
    wrong.put("fleetId", "ac me");
    for (Map.Entry<String, Object> w : wrong.entrySet()) {
      ObjectNode n = (ObjectNode) json.readTree(valid);
      n.set(w.getKey(), json.valueToTree(w.getValue()));
      out.add(n.toString().getBytes(StandardCharsets.UTF_8));
    }
    for (String text : new String[] {"", "{", "[]", "null", "garbage", "{\"schema\":1}"}) {
      out.add(text.getBytes(StandardCharsets.UTF_8));
    }
    out.add(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}); // bad UTF-8
    for (String field : new String[] {"vehicleId", "fleetId"}) {
      ObjectNode n = (ObjectNode) json.readTree(valid);
      n.put(field, "someone-else");
      out.add(n.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private KafkaConsumer<String, byte[]> consumer() {
    return new KafkaConsumer<>(
        KAFKA.clientConfig(
            Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "ingest-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  private static Map<String, List<ConsumerRecord<String, byte[]>>> read(
      KafkaConsumer<String, byte[]> consumer, int events, int deadLetters, Duration timeout) {
    Map<String, List<ConsumerRecord<String, byte[]>>> got = new HashMap<>();
    got.put("vigil.events", new ArrayList<>());
    got.put(KafkaForwarder.DEAD_LETTERS, new ArrayList<>());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline
        && (unique(got.get("vigil.events")) < events
            || got.get(KafkaForwarder.DEAD_LETTERS).size() < deadLetters)) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        got.get(r.topic()).add(r);
      }
    }
    return got;
  }

  private static long unique(List<ConsumerRecord<String, byte[]>> records) {
    return records.stream()
        .map(r -> new String(r.value(), StandardCharsets.UTF_8))
        .distinct()
        .count();
  }

  private List<UUID> ids(List<?> items) {
    List<UUID> out = new ArrayList<>();
    for (Object o : items) {
      if (o instanceof SafetyEvent e) {
        out.add(e.eventId());
      } else {
        @SuppressWarnings("unchecked")
        ConsumerRecord<String, byte[]> r = (ConsumerRecord<String, byte[]>) o;
        try {
          out.add(codec.decode(r.value(), SafetyEvent.class).eventId());
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
    }
    return out;
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
