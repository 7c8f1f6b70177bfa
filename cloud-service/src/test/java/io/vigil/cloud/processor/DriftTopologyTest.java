package io.vigil.cloud.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.cloud.TestEvents;
import io.vigil.cloud.drift.DriftLevel;
import io.vigil.cloud.drift.FleetDrift;
import io.vigil.cloud.registry.RegisteredModel;
import io.vigil.cloud.rollout.CanaryBounds;
import io.vigil.protocol.DeviceStatus.UpdateState;
import io.vigil.protocol.VigilMessage;
import io.vigil.protocol.drift.DriftReference;
import io.vigil.protocol.drift.FeatureBins;
import io.vigil.protocol.json.ProtocolCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drift part of the processor topology: a registered package with a drift reference, vehicles'
 * statuses (which model they run) and telemetry with input histograms go in; each fleet's drift per
 * model version, its retraining suggestion and the Micrometer gauges come out.
 */
class DriftTopologyTest {

  private static final Instant T0 = Instant.parse("2026-12-04T08:00:00Z");
  private static final String FLEET = "acme";

  /** Frames in a one-minute report of one vehicle at 50 Hz. */
  private static final long FRAMES = 3000;

  private final ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> telemetry;
  private TestInputTopic<String, byte[]> status;
  private KeyValueStore<String, FleetDrift> drift;

  @BeforeEach
  void start() {
    driver =
        TestTopology.driver(
            "drift-test",
            new CanaryBounds(100, 5, 2.0, 0.2, 0.2, CanaryBounds.OnBreach.ROLLBACK),
            TestTopology.DRIFT,
            meters);
    telemetry = bytes(SafetyTopology.TELEMETRY);
    status = bytes(SafetyTopology.STATUS);
    drift = driver.getKeyValueStore(SafetyTopology.DRIFT_STORE);
    DriftReference ref =
        new DriftReference(
            "vigil-driving",
            "1.0.0",
            "test",
            100_000,
            Map.of("accel_z", TestEvents.smoothRoad(2_000_000), "speed", speed(2_000_000)));
    RegisteredModel m =
        new RegisteredModel(
            "vigil-driving",
            "1.0.0",
            null,
            "00",
            1,
            "sig",
            T0.toString(),
            T0.toEpochMilli(),
            "ada",
            null,
            new byte[] {1},
            Map.of(DriftReference.FILE, ref.toJson()));
    driver
        .createInputTopic(
            SafetyTopology.MODELS,
            Serdes.String().serializer(),
            SafetyTopology.REGISTERED_MODEL.serializer())
        .pipeInput(m.key(), m);
    for (int i = 0; i < 3; i++) {
      send(
          status,
          TestEvents.modelStatus(FLEET, "van-" + i, "1.0.0", UpdateState.ACTIVE, "1.0.0", T0));
    }
    send(status, TestEvents.modelStatus(FLEET, "new-1", "1.1.0", UpdateState.ACTIVE, "1.1.0", T0));
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void roughRoadsDriftFromTheTrainingInputsAndSuggestRetraining() {
    drive(1, 3, TestEvents.smoothRoad(FRAMES));
    FleetDrift d = drift.get(FleetScoped.id(FLEET, "1.0.0"));
    assertThat(d.observed().reports()).isEqualTo(9);
    assertThat(d.assessment().level()).isEqualTo(DriftLevel.NONE);
    assertThat(d.assessment().referenceWindows()).isEqualTo(100_000);
    assertThat(d.suggestion()).isNull();
    assertThat(gauge("vigil.drift.level", null)).isEqualTo(0);

    drive(4, 8, TestEvents.roughRoad(FRAMES));
    d = drift.get(FleetScoped.id(FLEET, "1.0.0"));
    assertThat(d.assessment().level()).isEqualTo(DriftLevel.SIGNIFICANT);
    assertThat(d.assessment().worstChannel()).isEqualTo("accel_z");
    assertThat(d.assessment().psi().get("speed")).isLessThan(0.01);
    assertThat(d.suggestion().reason()).startsWith("accel_z drifted");
    assertThat(gauge("vigil.drift.level", null)).isEqualTo(2);
    assertThat(gauge("vigil.drift.psi", "accel_z")).isGreaterThan(0.25);
  }

  @Test
  void aVersionWithoutReferenceAndAVehicleOfUnknownModelAreToldApart() {
    send(
        telemetry,
        TestEvents.inputs(
            FLEET, "new-1", Map.of("accel_z", TestEvents.roughRoad(FRAMES)), T0.plusSeconds(60)));
    send(
        telemetry,
        TestEvents.inputs(
            FLEET,
            "stranger",
            Map.of("accel_z", TestEvents.roughRoad(FRAMES)),
            T0.plusSeconds(60)));
    // Telemetry without histograms (an older agent) is not counted.
    send(telemetry, TestEvents.windows(FLEET, "van-0", 60, T0.plusSeconds(60)));

    FleetDrift d = drift.get(FleetScoped.id(FLEET, "1.1.0"));
    assertThat(d.assessment().level()).isEqualTo(DriftLevel.NO_REFERENCE);
    assertThat(d.observed().reports()).isEqualTo(1);
    assertThat(drift.get(FleetScoped.id(FLEET, "1.0.0"))).isNull();
    assertThat(drift.approximateNumEntries()).isEqualTo(1);
  }

  /** One report per minute from each of the three vans, minutes {@code from}..{@code to}. */
  private void drive(int from, int to, long[] accelZ) {
    for (int minute = from; minute <= to; minute++) {
      for (int i = 0; i < 3; i++) {
        send(
            telemetry,
            TestEvents.inputs(
                FLEET,
                "van-" + i,
                Map.of("accel_z", accelZ, "speed", speed(FRAMES)),
                T0.plusSeconds(60L * minute)));
      }
    }
  }

  private double gauge(String name, String channel) {
    var search = meters.find(name).tags("fleet", FLEET, "model_version", "1.0.0");
    if (channel != null) {
      search = search.tag("channel", channel);
    }
    return search.gauge().value();
  }

  static long[] speed(long frames) {
    long[] h = new long[FeatureBins.of("speed").orElseThrow().size()];
    h[1] = frames / 3;
    h[8] = frames / 3;
    h[14] = frames / 3;
    return h;
  }

  private void send(TestInputTopic<String, byte[]> topic, VigilMessage m) {
    String vehicle =
        m instanceof io.vigil.protocol.DeviceStatus s
            ? s.vehicleId()
            : ((io.vigil.protocol.Telemetry) m).vehicleId();
    Instant at =
        m instanceof io.vigil.protocol.DeviceStatus s
            ? s.deviceTime()
            : ((io.vigil.protocol.Telemetry) m).deviceTime();
    topic.pipeInput(FLEET + "." + vehicle, codec.encode(m), at);
  }

  private TestInputTopic<String, byte[]> bytes(String topic) {
    return driver.createInputTopic(
        topic, Serdes.String().serializer(), Serdes.ByteArray().serializer());
  }
}
