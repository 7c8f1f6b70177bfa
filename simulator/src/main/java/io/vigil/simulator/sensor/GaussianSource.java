package io.vigil.simulator.sensor;

import java.util.SplittableRandom;

/**
 * Standard normal numbers from a seeded {@link SplittableRandom} (which has no {@code nextGaussian}
 * on Java 17), by Marsaglia's polar method: no trigonometry, and each logarithm gives two numbers.
 * The IMU model draws ten per sample, so this decides the simulator's speed.
 */
public final class GaussianSource {

  private final SplittableRandom rng;
  private double spare;
  private boolean hasSpare;

  public GaussianSource(SplittableRandom rng) {
    this.rng = rng;
  }

  public double next() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * rng.nextDouble() - 1;
      v = 2 * rng.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double factor = Math.sqrt(-2 * Math.log(s) / s);
    spare = v * factor;
    hasSpare = true;
    return u * factor;
  }

  /** The underlying uniform source, for draws that are not normal. */
  public SplittableRandom uniform() {
    return rng;
  }
}
