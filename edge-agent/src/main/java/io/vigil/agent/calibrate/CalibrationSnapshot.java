package io.vigil.agent.calibrate;

/**
 * The persisted state of a {@link MountingCalibration}: enough to rebuild its frame after a restart
 * and to keep learning from where it stood.
 *
 * @param gravity mean specific force at rest, device axes, m/s²
 * @param sumX Σ dv/dt · h_x in the levelled frame
 * @param sumY Σ dv/dt · h_y in the levelled frame
 * @param norm Σ |dv/dt| · |h|
 * @param excitation Σ (dv/dt)², (m/s²)²
 * @param pairs speed-change pairs that went into the sums
 */
public record CalibrationSnapshot(
    double[] gravity, double sumX, double sumY, double norm, double excitation, int pairs) {

  public CalibrationSnapshot {
    if (gravity.length != 3) {
      throw new IllegalArgumentException("gravity has three components");
    }
    gravity = gravity.clone();
  }

  @Override
  public double[] gravity() {
    return gravity.clone();
  }
}
