package io.vigil.agent.replay;

import io.vigil.agent.calibrate.MountingCalibration;
import io.vigil.agent.detect.BatchScorer;
import io.vigil.agent.detect.DetectionModel;
import io.vigil.agent.detect.VehicleDetector;
import io.vigil.agent.detect.VehicleIdentity;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.topic.SafeId;
import io.vigil.simulator.record.Recording;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a recording through the agent's own pipeline offline: the same calibration (learned from the
 * recording, never read from its metadata), windows, batched inference, decoder and fault checks as
 * a live agent, without a broker. Deterministic for a given recording and model.
 */
public final class Replay {

  /** Device time of the recording's first sample in replayed events. */
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private static final int SCORE_EVERY_SAMPLES = 100;

  private Replay() {}

  /** The events the agent detects in {@code recording}, oldest first. */
  public static List<SafetyEvent> run(Recording recording, DetectionModel model) {
    VehicleIdentity id =
        new VehicleIdentity(
            safe(recording.metadata().get("fleet"), "replay"),
            safe(recording.metadata().get("vehicle"), "replay"),
            safe(recording.metadata().get("driver"), "replay"));
    AtomicLong sequence = new AtomicLong();
    VehicleDetector detector =
        new VehicleDetector(id, model, new MountingCalibration(), START, sequence::getAndIncrement);
    BatchScorer scorer = new BatchScorer(model, 64);
    List<VehicleDetector> one = List.of(detector);
    List<SafetyEvent> events = new ArrayList<>();
    for (int i = 0; i < recording.size(); i++) {
      long t = recording.tNs()[i];
      double speed = recording.speedMps()[i];
      if (!Double.isNaN(speed)) {
        detector.gps(t, speed, Double.NaN, Double.NaN);
      }
      double[] a = recording.accel()[i];
      double[] g = recording.gyro()[i];
      detector.imu(t, a[0], a[1], a[2], g[0], g[1], g[2]);
      if (i % SCORE_EVERY_SAMPLES == SCORE_EVERY_SAMPLES - 1) {
        scorer.scoreAll(one);
        events.addAll(detector.drainEvents());
      }
    }
    scorer.scoreAll(one);
    detector.finish();
    events.addAll(detector.drainEvents());
    events.sort(java.util.Comparator.comparing(SafetyEvent::deviceTime));
    return events;
  }

  private static String safe(String id, String fallback) {
    return id != null && SafeId.isValid(id) ? id : fallback;
  }
}
