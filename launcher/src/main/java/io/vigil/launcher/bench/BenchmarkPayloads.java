package io.vigil.launcher.bench;

import io.vigil.protocol.EventType;
import io.vigil.protocol.GeoPosition;
import io.vigil.protocol.PeakAcceleration;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.SensorSnippet;
import io.vigil.protocol.Severity;
import io.vigil.protocol.Telemetry;
import io.vigil.protocol.json.ProtocolCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Real protocol payloads for load tests, so that measured throughput is for the bytes Vigil sends:
 * a safety event with a 2 s, 50 Hz snippet, and a trip telemetry report.
 */
final class BenchmarkPayloads {

  private BenchmarkPayloads() {}

  static byte[] safetyEvent(ProtocolCodec codec, Clock clock, Random random) {
    int n = 100;
    double[][] axes = new double[6][n];
    for (int i = 0; i < n; i++) {
      double t = i / 50.0;
      axes[0][i] =
          round(-4.2 * Math.exp(-Math.pow((t - 1) / 0.3, 2)) + 0.1 * random.nextGaussian());
      axes[1][i] = round(0.2 * random.nextGaussian());
      axes[2][i] = round(9.80665 + 0.3 * random.nextGaussian());
      axes[3][i] = round(0.01 * random.nextGaussian());
      axes[4][i] = round(0.01 * random.nextGaussian());
      axes[5][i] = round(0.02 * random.nextGaussian());
    }
    SafetyEvent event =
        new SafetyEvent(
            UUID.randomUUID(),
            "bench",
            "vehicle-1",
            "driver-1",
            clock.instant(),
            1,
            EventType.HARSH_BRAKING,
            Optional.empty(),
            Severity.MEDIUM,
            0.97,
            0.3,
            900,
            new PeakAcceleration(-0.43, 0.02, 0.05),
            Optional.of(52.0),
            Optional.of(new GeoPosition(48.1371, 11.5761)),
            "1.0.0",
            new SensorSnippet(
                50,
                -1000,
                SensorSnippet.Frame.VEHICLE,
                axes[0],
                axes[1],
                axes[2],
                axes[3],
                axes[4],
                axes[5]));
    return codec.encode(event);
  }

  static byte[] telemetry(ProtocolCodec codec, Clock clock) {
    Instant now = clock.instant();
    Telemetry telemetry =
        new Telemetry(
            "bench",
            "vehicle-1",
            "driver-1",
            now,
            1,
            new Telemetry.Trip(
                "trip-1", Telemetry.TripState.DRIVING, now.minusSeconds(600), 8400, 600),
            Map.of(EventType.HARSH_BRAKING, 1L),
            Optional.of(new Telemetry.Inference(1200, 0, 35, 60)),
            Optional.empty(),
            Optional.of(new Telemetry.Outbox(0, 0)),
            List.of(new Telemetry.FeatureStats("acc_long_rms", 1200, 0.4, 0.2, 0, 3.1)),
            Optional.empty());
    return codec.encode(telemetry);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
