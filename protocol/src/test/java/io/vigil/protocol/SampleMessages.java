package io.vigil.protocol;

import io.vigil.protocol.DeviceStatus.ModelUpdate;
import io.vigil.protocol.DeviceStatus.UpdateState;
import io.vigil.protocol.Telemetry.FeatureStats;
import io.vigil.protocol.Telemetry.Inference;
import io.vigil.protocol.Telemetry.Outbox;
import io.vigil.protocol.Telemetry.Trip;
import io.vigil.protocol.Telemetry.TripState;
import io.vigil.protocol.json.MessageType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Plausible messages of every type, with and without their optional parts. */
public final class SampleMessages {

  /** The decoder's "now" in tests; fixtures are a few days older. */
  public static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

  private static final Instant T = Instant.parse("2026-11-20T08:15:30.250Z");

  private SampleMessages() {}

  /** A harsh braking at 0.52 g with a 3 s snippet at 50 Hz. */
  public static SafetyEvent harshBraking() {
    int n = 150;
    double[] ax = new double[n];
    double[] ay = new double[n];
    double[] az = new double[n];
    double[] gx = new double[n];
    double[] gy = new double[n];
    double[] gz = new double[n];
    for (int i = 0; i < n; i++) {
      double t = (i - 50) / 50.0;
      ax[i] = t >= 0 && t <= 1.2 ? -5.1 * Math.sin(Math.PI * t / 1.2) : 0.02 * (i % 5);
      ay[i] = 0.05 * Math.sin(i / 7.0);
      az[i] = 9.80665 + 0.1 * Math.sin(i / 3.0);
      gx[i] = 0.001 * (i % 3);
      gy[i] = t >= 0 && t <= 1.2 ? -0.02 : 0.0;
      gz[i] = 0.004 * Math.cos(i / 11.0);
    }
    return new SafetyEvent(
        UUID.fromString("4d1f4c1e-8a53-4f0e-9a55-2f6f1c6e9b10"),
        "acme",
        "truck-0042",
        "driver-17",
        T,
        1042,
        EventType.HARSH_BRAKING,
        Optional.empty(),
        Severity.MEDIUM,
        0.97,
        0.31,
        1200,
        new PeakAcceleration(-0.52, 0.03, 0.08),
        Optional.of(58.4),
        Optional.of(new GeoPosition(48.137154, 11.576124)),
        "1.0.0",
        new SensorSnippet(50, -1000, SensorSnippet.Frame.VEHICLE, ax, ay, az, gx, gy, gz));
  }

  /** A collision from the left with no GPS fix and a tiny snippet: optional fields absent. */
  public static SafetyEvent collisionWithoutGps() {
    double[] one = {3.2};
    return new SafetyEvent(
        UUID.fromString("0b5e2a2c-1d3f-4c4e-8f70-6a1b2c3d4e5f"),
        "acme",
        "van-7",
        "driver-3",
        T.plusSeconds(60),
        7,
        EventType.COLLISION,
        Optional.of(Direction.LEFT),
        Severity.CRITICAL,
        0.999,
        4.5,
        80,
        new PeakAcceleration(0.4, -3.9, 1.1),
        Optional.empty(),
        Optional.empty(),
        "1.0.0-rc.1+build.7",
        new SensorSnippet(100, 0, SensorSnippet.Frame.DEVICE, one, one, one, one, one, one));
  }

  public static Telemetry fullTelemetry() {
    return new Telemetry(
        "acme",
        "truck-0042",
        "driver-17",
        T,
        88,
        new Trip("trip-2026-11-20-01", TripState.DRIVING, T.minusSeconds(1800), 23_412.5, 1800),
        Map.of(EventType.HARSH_BRAKING, 2L, EventType.HARSH_CORNERING, 1L),
        Optional.of(new Inference(3600, 4, 38.5, 61.0)),
        Optional.of(new Calibration(Calibration.State.CONVERGED, 0.93)),
        Optional.of(new Outbox(0, 0)),
        List.of(
            new FeatureStats(
                "acc_long_rms", 3600, 0.41, 0.22, 0.0, 3.9, List.of(0L, 3000L, 550L, 50L)),
            new FeatureStats("gyro_yaw_abs_max", 3600, 0.05, 0.04, 0.0, 0.6)),
        Optional.of(new Telemetry.Shadow("1.1.0", 3600, 3571, 3, 2)));
  }

  public static Telemetry minimalTelemetry() {
    return new Telemetry(
        "acme",
        "van-7",
        "driver-3",
        T,
        0,
        new Trip("t1", TripState.STARTED, T, 0, 0),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty());
  }

  public static DeviceStatus onlineStatus() {
    return new DeviceStatus(
        "acme",
        "truck-0042",
        T,
        DeviceStatus.State.ONLINE,
        Optional.empty(),
        "0.1.0",
        Optional.of("1.0.0"),
        Optional.of(
            new ModelUpdate(
                UpdateState.FAILED,
                Optional.of("1.1.0"),
                Optional.of("signature does not verify with the configured public key"))),
        Optional.of(new Calibration(Calibration.State.GRAVITY_ONLY, 0.4)));
  }

  public static DeviceStatus offlineWill() {
    return new DeviceStatus(
        "acme",
        "van-7",
        T,
        DeviceStatus.State.OFFLINE,
        Optional.of("connection lost"),
        "0.1.0",
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public static ModelManifest manifest() {
    return new ModelManifest(
        "vigil-events",
        "1.1.0",
        Optional.of("1.0.0"),
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        48_213,
        "q83vEjRWeJASNFZ4kBI0VniQEjRWeJASNFZ4kBI0VniQEjRWeJASNFZ4kBI0VniQEjRWeJASNFZ4kBI0VniQ"
            + "Eg==",
        T.minusSeconds(86_400),
        ModelManifest.Mode.SHADOW);
  }

  public static Command rollback() {
    return new Command(
        UUID.fromString("a3c1e7f0-5b2d-4e8a-9c61-0d2e4f6a8b1c"),
        T,
        Command.Type.ROLLBACK_MODEL,
        Map.of("toVersion", "1.0.0", "reason", "canary event rate 3.1x control"));
  }

  public static Command requestStatus() {
    return new Command(
        UUID.fromString("b3c1e7f0-5b2d-4e8a-9c61-0d2e4f6a8b1c"),
        T,
        Command.Type.REQUEST_STATUS,
        Map.of());
  }

  /** Five IMU samples at 50 Hz and one GPS fix, as a sensor publishes them. */
  public static SampleBatch sampleBatch() {
    return new SampleBatch(
        "acme",
        "truck-0042",
        50,
        new long[] {1_000_000_000L, 1_020_000_000L, 1_040_000_000L, 1_060_000_000L, 1_080_000_000L},
        new double[] {0.12, 0.11, -0.4, -1.95, -3.2},
        new double[] {0.02, 0.01, 0.03, 0.02, 0.01},
        new double[] {9.81, 9.8, 9.83, 9.79, 9.82},
        new double[] {0.001, 0.0, 0.002, 0.001, 0.0},
        new double[] {0.0, -0.003, -0.01, -0.02, -0.02},
        new double[] {0.01, 0.01, 0.012, 0.011, 0.01},
        List.of(new SampleBatch.GpsFix(1_040_000_000L, 16.2, 48.137154, 11.576124)));
  }

  /** The harsh braking, which a reviewer says was a low-speed rear-end collision. */
  public static TrainingSample relabelledSample() {
    return new TrainingSample(
        harshBraking(),
        Optional.of(
            Review.relabelled(
                EventType.COLLISION,
                Optional.of(Direction.FRONT),
                "reviewer-2",
                T.plus(java.time.Duration.ofHours(20)),
                Optional.of("dashcam: rear-ended the car in front at walking pace"))));
  }

  /** The collision without GPS, not reviewed yet. */
  public static TrainingSample unreviewedSample() {
    return new TrainingSample(collisionWithoutGps(), Optional.empty());
  }

  /** Two and a half seconds of steady cruising at 50 Hz that the model left alone. */
  public static WindowSample cruising() {
    int n = 125;
    double[] ax = new double[n];
    double[] ay = new double[n];
    double[] az = new double[n];
    double[] gx = new double[n];
    double[] gy = new double[n];
    double[] gz = new double[n];
    for (int i = 0; i < n; i++) {
      ax[i] = 0.03 * Math.sin(i / 9.0);
      ay[i] = 0.04 * Math.cos(i / 13.0);
      az[i] = 9.80665 + 0.08 * Math.sin(i / 2.0);
      gz[i] = 0.002 * (i % 4);
    }
    return new WindowSample(
        UUID.fromString("9b7f1a52-3c1d-4e8a-8f0b-6d2e4c1a7b33"),
        UUID.fromString("c0ffee00-1234-4abc-9def-0123456789ab"),
        "acme",
        "truck-0042",
        "driver-17",
        T.plusSeconds(600),
        "1.0.0",
        0.04,
        Optional.of(88.5),
        new SensorSnippet(50, 0, SensorSnippet.Frame.VEHICLE, ax, ay, az, gx, gy, gz));
  }

  /** A sample without a GPS fix, in the device's own axes. */
  public static WindowSample cruisingWithoutGps() {
    double[] one = {0.1};
    double[] g = {9.8};
    return new WindowSample(
        UUID.fromString("1e0c7d44-5b2a-4f19-b6c3-8a9d0e1f2a3b"),
        UUID.fromString("c0ffee00-1234-4abc-9def-0123456789ab"),
        "acme",
        "van-7",
        "driver-3",
        T.plusSeconds(900),
        "1.1.0",
        0.0,
        Optional.empty(),
        new SensorSnippet(100, 0, SensorSnippet.Frame.DEVICE, one, one, g, one, one, one));
  }

  /** Every sample with the name of its golden fixture file. */
  public static Map<String, VigilMessage> byFixtureName() {
    return Map.ofEntries(
        Map.entry("safety-event", harshBraking()),
        Map.entry("safety-event-minimal", collisionWithoutGps()),
        Map.entry("telemetry", fullTelemetry()),
        Map.entry("telemetry-minimal", minimalTelemetry()),
        Map.entry("device-status", onlineStatus()),
        Map.entry("device-status-will", offlineWill()),
        Map.entry("model-manifest", manifest()),
        Map.entry("command", rollback()),
        Map.entry("command-minimal", requestStatus()),
        Map.entry("sample-batch", sampleBatch()),
        Map.entry("window-sample", cruising()),
        Map.entry("window-sample-minimal", cruisingWithoutGps()),
        Map.entry("training-sample", relabelledSample()),
        Map.entry("training-sample-minimal", unreviewedSample()));
  }

  /** The message type of a fixture file name. */
  public static MessageType typeOfFixture(String name) {
    for (MessageType type : MessageType.values()) {
      if (name.equals(type.fileName()) || name.startsWith(type.fileName() + "-")) {
        return type;
      }
    }
    throw new IllegalArgumentException(name);
  }
}
