package io.vigil.cloud.drift;

import java.util.Objects;
import java.util.Set;

/**
 * How the cloud measures a fleet's input drift: against the drift reference of which model, how
 * fast old inputs fade, how many must be counted before the index means anything, and from which
 * index on a fleet's drift is an alert that suggests retraining.
 *
 * @param model name of the model whose packages' references are compared with
 * @param halfLifeMs an input counts half as much this much later (device time), ms
 * @param minSamples frames per channel (after fading) needed before drift is judged
 * @param alertPsi population stability index from which a channel's drift is an alert
 * @param judged the channels whose index sets the level; the others are shown only. Training
 *     augments GPS and heading availability (a quarter of its windows have no speed), so the flags
 *     and speed of a fleet that always has GPS differ from training without being drift
 */
public record DriftRule(
    String model, long halfLifeMs, double minSamples, double alertPsi, Set<String> judged) {

  /** The motion channels: what the vehicle does, whatever sensors it has. */
  public static final Set<String> MOTION =
      Set.of("accel_x", "accel_y", "accel_z", "gyro_x", "gyro_y", "gyro_z");

  public DriftRule {
    Objects.requireNonNull(model, "model");
    judged = Set.copyOf(judged);
    if (judged.isEmpty()) {
      throw new IllegalArgumentException("channels: judge at least one");
    }
    if (halfLifeMs < 60_000) {
      throw new IllegalArgumentException("half-life must be at least one minute");
    }
    if (!(minSamples >= 1)) {
      throw new IllegalArgumentException("min-samples must be at least 1");
    }
    if (!(alertPsi > 0)) {
      throw new IllegalArgumentException("alert-psi must be positive");
    }
  }
}
