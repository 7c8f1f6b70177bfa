package io.vigil.agent.replay;

import io.vigil.agent.calibrate.MountingCalibration;
import io.vigil.agent.detect.BatchScorer;
import io.vigil.agent.detect.DetectionModel;
import io.vigil.agent.detect.VehicleDetector;
import io.vigil.agent.detect.VehicleIdentity;
import io.vigil.agent.input.SampleListener;
import io.vigil.agent.input.SensorInput;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.topic.SafeId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  /** The events the agent detects in {@code input}, oldest first. */
  public static List<SafetyEvent> run(SensorInput input, DetectionModel model) {
    Map<String, String> meta = input.metadata();
    VehicleIdentity id =
        new VehicleIdentity(
            safe(meta.get("fleet"), "replay"),
            safe(meta.get("vehicle"), "replay"),
            safe(meta.get("driver"), "replay"));
    AtomicLong sequence = new AtomicLong();
    VehicleDetector detector =
        new VehicleDetector(id, model, new MountingCalibration(), START, sequence::getAndIncrement);
    BatchScorer scorer = new BatchScorer(64);
    List<VehicleDetector> one = List.of(detector);
    List<SafetyEvent> events = new ArrayList<>();
    input.run(
        new SampleListener() {
          private int samples;

          @Override
          public void imu(
              long tNs, double ax, double ay, double az, double gx, double gy, double gz) {
            detector.imu(tNs, ax, ay, az, gx, gy, gz);
            if (++samples % SCORE_EVERY_SAMPLES == 0) {
              scorer.scoreAll(one);
              events.addAll(detector.drainEvents());
            }
          }

          @Override
          public void gps(long tNs, double speedMps, double latitude, double longitude) {
            detector.gps(tNs, speedMps, latitude, longitude);
          }
        });
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
