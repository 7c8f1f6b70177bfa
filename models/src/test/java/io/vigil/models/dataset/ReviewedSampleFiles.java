package io.vigil.models.dataset;

import io.vigil.protocol.EventType;
import io.vigil.protocol.PeakAcceleration;
import io.vigil.protocol.Review;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.SensorSnippet;
import io.vigil.protocol.Severity;
import io.vigil.protocol.TrainingSample;
import io.vigil.protocol.json.ProtocolCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Training-sample exports as the cloud service writes them, for tests. */
public final class ReviewedSampleFiles {

  static final Instant T = Instant.parse("2026-11-20T08:00:00Z");

  private ReviewedSampleFiles() {}

  /**
   * A harsh braking event (0.46 g for 2 s) at 50 km/h, with a 6 s vehicle-frame snippet at 50 Hz
   * that starts 2 s before it.
   */
  public static SafetyEvent braking(String vehicle, int n, SensorSnippet.Frame frame) {
    int samples = 300;
    double[] ax = new double[samples];
    double[] ay = new double[samples];
    double[] az = new double[samples];
    double[] zero = new double[samples];
    for (int i = 0; i < samples; i++) {
      double t = i / 50.0 - 2;
      ax[i] = t >= 0 && t <= 2 ? -4.5 * Math.sin(Math.PI * t / 2) : 0.05 * Math.sin(i * 0.7);
      ay[i] = 0.04 * Math.cos(i * 0.3);
      az[i] = 9.80665 + 0.05 * Math.sin(i * 1.3);
    }
    return new SafetyEvent(
        UUID.nameUUIDFromBytes((vehicle + n).getBytes(StandardCharsets.UTF_8)),
        "acme",
        vehicle,
        "driver-" + n,
        T.plusSeconds(60L * n),
        n,
        EventType.HARSH_BRAKING,
        Optional.empty(),
        Severity.MEDIUM,
        0.9,
        0.4,
        2000,
        new PeakAcceleration(-0.46, 0.0, 0.01),
        Optional.of(50.0),
        Optional.empty(),
        "1.0.0",
        new SensorSnippet(50, -2000, frame, ax, ay, az, zero, zero, zero.clone()));
  }

  /** Samples reviewed every way (confirmed, dismissed, relabelled) plus an unreviewed one. */
  public static List<TrainingSample> mixed() {
    Instant at = T.plusSeconds(86_400);
    return List.of(
        new TrainingSample(
            braking("van-1", 1, SensorSnippet.Frame.VEHICLE),
            Optional.of(Review.confirmed("rev-1", at, Optional.empty()))),
        new TrainingSample(
            braking("van-2", 2, SensorSnippet.Frame.VEHICLE),
            Optional.of(Review.dismissed("rev-1", at, Optional.of("speed bump")))),
        new TrainingSample(
            braking("van-3", 3, SensorSnippet.Frame.VEHICLE),
            Optional.of(
                Review.relabelled(
                    EventType.HARSH_ACCELERATION,
                    Optional.empty(),
                    "rev-2",
                    at,
                    Optional.empty()))),
        new TrainingSample(braking("van-4", 4, SensorSnippet.Frame.VEHICLE), Optional.empty()));
  }

  /** Writes {@code samples} as a JSON-lines export. */
  public static Path write(Path file, List<TrainingSample> samples) throws IOException {
    ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
    StringBuilder out = new StringBuilder();
    for (TrainingSample s : samples) {
      out.append(new String(codec.encode(s), StandardCharsets.UTF_8)).append('\n');
    }
    Files.writeString(file, out);
    return file;
  }
}
