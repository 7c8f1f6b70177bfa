package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.brokers.testkit.KafkaBrokerExtension;
import io.vigil.cloud.processor.SafetyTopology;
import io.vigil.protocol.EventType;
import io.vigil.protocol.PeakAcceleration;
import io.vigil.protocol.Review;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.SensorSnippet;
import io.vigil.protocol.Severity;
import io.vigil.protocol.TrainingSample;
import io.vigil.protocol.WindowSample;
import io.vigil.protocol.dataset.SampleDataset;
import io.vigil.protocol.json.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil export-samples} against a real Kafka: the latest sample of each event of the fleet
 * becomes a dataset whose manifest counts its labels, a record that is no training sample is
 * reported and left out, and an existing version is never overwritten.
 */
class ExportSamplesIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final Instant T = Instant.parse("2026-11-20T08:00:00Z");

  @TempDir Path dir;

  private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
  private final ProtocolCodec codec = new ProtocolCodec(clock);

  @Test
  void theLatestSampleOfEachEventBecomesAVersionedDataset() throws Exception {
    try (Admin admin = Admin.create(KAFKA.clientConfig(Map.of()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(SafetyTopology.TRAINING_SAMPLES, 3, (short) 1),
                  new NewTopic(SafetyTopology.WINDOW_SAMPLES, 3, (short) 1)))
          .all()
          .get();
    }
    SafetyEvent braking = event("acme", "truck-1", EventType.HARSH_BRAKING, 0);
    SafetyEvent cornering = event("acme", "truck-2", EventType.HARSH_CORNERING, 1);
    SafetyEvent elsewhere = event("other", "van-1", EventType.HARSH_BRAKING, 2);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            KAFKA.clientConfig(Map.of()), new StringSerializer(), new ByteArraySerializer())) {
      send(producer, braking, new TrainingSample(braking, Optional.empty()));
      send(producer, cornering, new TrainingSample(cornering, Optional.empty()));
      send(
          producer,
          braking,
          new TrainingSample(
              braking, Optional.of(Review.dismissed("rita", T.plusSeconds(60), Optional.empty()))));
      send(producer, elsewhere, new TrainingSample(elsewhere, Optional.empty()));
      producer
          .send(
              new ProducerRecord<>(
                  SafetyTopology.TRAINING_SAMPLES,
                  "acme.truck-1",
                  "{not a sample".getBytes(StandardCharsets.UTF_8)))
          .get();
      // Unflagged stretches: one of acme's twice (a redelivered upload), and another fleet's.
      WindowSample cruising = window("acme", "truck-1", 30);
      for (WindowSample w : List.of(cruising, cruising, window("other", "van-1", 40))) {
        producer
            .send(
                new ProducerRecord<>(
                    SafetyTopology.WINDOW_SAMPLES,
                    w.fleetId() + "." + w.vehicleId(),
                    codec.encode(w)))
            .get();
      }
    }

    ExportSamplesCommand export = command("acme");
    assertThat(export.call()).isZero();

    SampleDataset.Manifest m = SampleDataset.verify(dir.resolve("20261201T120000Z"));
    assertThat(m.samples()).isEqualTo(2);
    assertThat(m.labels()).isEqualTo(Map.of("normal", 1L, SampleDataset.UNREVIEWED, 1L));
    assertThat(m.reviewed()).isEqualTo(1);
    assertThat(m.from()).contains(T);
    assertThat(m.to()).contains(T.plusSeconds(1));
    assertThat(m.source()).contains("5 records read, 1 of other fleets, 1 not training samples");
    assertThat(m.windows()).as("acme's stretch, once").isEqualTo(1);
    assertThat(m.source())
        .contains("topic vigil.window-samples up to offsets")
        .contains("3 records");
    assertThat(SampleDataset.read(dir.resolve("20261201T120000Z"), codec).windows())
        .extracting(WindowSample::vehicleId)
        .containsExactly("truck-1");

    assertThatThrownBy(() -> command("acme").call()).hasMessageContaining("never overwritten");
  }

  @Test
  void aMissingTopicIsNamed() throws Exception {
    ExportSamplesCommand export = command(null);
    export.bootstrapServers = KAFKA.bootstrapServers();
    assertThatThrownBy(export::call).hasMessageContaining("has no topic vigil.training-samples");
    try (Admin admin = Admin.create(KAFKA.clientConfig(Map.of()))) {
      assertThat(admin.listTopics().names().get())
          .as("reading never creates the topic")
          .doesNotContain(SafetyTopology.TRAINING_SAMPLES);
    }
  }

  private ExportSamplesCommand command(String fleet) {
    ExportSamplesCommand export = new ExportSamplesCommand(clock);
    export.bootstrapServers = KAFKA.bootstrapServers();
    export.fleet = fleet;
    export.out = dir;
    return export;
  }

  private void send(KafkaProducer<String, byte[]> producer, SafetyEvent e, TrainingSample s)
      throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                SafetyTopology.TRAINING_SAMPLES,
                e.fleetId() + "." + e.vehicleId(),
                codec.encode(s)))
        .get();
  }

  private static WindowSample window(String fleet, String vehicle, int second) {
    double[] one = {0.1};
    Instant at = T.plusSeconds(second);
    return new WindowSample(
        UUID.nameUUIDFromBytes((fleet + vehicle + at + "w").getBytes(StandardCharsets.UTF_8)),
        UUID.fromString("c0ffee00-1234-4abc-9def-0123456789ab"),
        fleet,
        vehicle,
        "driver-1",
        at,
        "1.0.0",
        0.03,
        Optional.of(80.0),
        new SensorSnippet(50, 0, SensorSnippet.Frame.VEHICLE, one, one, one, one, one, one));
  }

  private static SafetyEvent event(String fleet, String vehicle, EventType type, int second) {
    double[] one = {0.1};
    Instant at = T.plusSeconds(second);
    return new SafetyEvent(
        UUID.nameUUIDFromBytes((fleet + vehicle + at).getBytes(StandardCharsets.UTF_8)),
        fleet,
        vehicle,
        "driver-1",
        at,
        second,
        type,
        type == EventType.HARSH_CORNERING
            ? Optional.of(io.vigil.protocol.Direction.LEFT)
            : Optional.empty(),
        Severity.MEDIUM,
        0.9,
        0.2,
        800,
        new PeakAcceleration(-0.5, 0.1, 0.05),
        Optional.of(42.0),
        Optional.empty(),
        "1.0.0",
        new SensorSnippet(50, 0, SensorSnippet.Frame.VEHICLE, one, one, one, one, one, one));
  }
}
