package io.vigil.agent.calibrate;

/**
 * The persisted state of a {@link MountingCalibration}: enough to rebuild its frame after a restart
 * and to keep learning from where it stood.
 *
 * @param gravity mean specific force at rest, device axes, m/s²
 * @param sums sums over speed-change pairs in the levelled frame: count, Σdv, Σhx, Σhy, Σdv·hx,
 *     Σdv·hy, Σdv², Σ|h|²
 */
public record CalibrationSnapshot(double[] gravity, double[] sums) {

  /** Length of {@link #sums()}. */
  public static final int SUMS = 8;

  public CalibrationSnapshot {
    if (gravity.length != 3 || sums.length != SUMS) {
      throw new IllegalArgumentException("gravity has 3 components and sums " + SUMS);
    }
    gravity = gravity.clone();
    sums = sums.clone();
  }

  @Override
  public double[] gravity() {
    return gravity.clone();
  }

  @Override
  public double[] sums() {
    return sums.clone();
  }
}
