package io.vigil.simulator.sensor;

import java.util.SplittableRandom;

/**
 * How a device sits in the vehicle. Real installs are not aligned with the vehicle (BRIEF §4): any
 * yaw, a few degrees of pitch and roll. {@code R = Rz(yaw)·Ry(pitch)·Rx(roll)} takes a vector from
 * device axes to vehicle axes; its transpose takes it back.
 *
 * @param yawRad rotation about the vehicle's z axis, radians
 * @param pitchRad rotation about y, radians
 * @param rollRad rotation about x, radians
 */
public record Mounting(double yawRad, double pitchRad, double rollRad) {

  public static final Mounting ALIGNED = new Mounting(0, 0, 0);

  /** Any yaw, pitch and roll normally distributed with {@code tiltStdDeg} degrees. */
  public static Mounting random(SplittableRandom rng, double tiltStdDeg) {
    double tilt = Math.toRadians(tiltStdDeg);
    return new Mounting(rng.nextDouble() * 2 * Math.PI, gaussian(rng) * tilt, gaussian(rng) * tilt);
  }

  /** Device → vehicle rotation matrix, row-major. */
  public double[][] deviceToVehicle() {
    double cy = Math.cos(yawRad);
    double sy = Math.sin(yawRad);
    double cp = Math.cos(pitchRad);
    double sp = Math.sin(pitchRad);
    double cr = Math.cos(rollRad);
    double sr = Math.sin(rollRad);
    return new double[][] {
      {cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr},
      {sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr},
      {-sp, cp * sr, cp * cr}
    };
  }

  /** Writes {@code R^T · v} (vehicle → device) into {@code out}. */
  public static void toDevice(double[][] r, double[] v, double[] out) {
    for (int i = 0; i < 3; i++) {
      out[i] = r[0][i] * v[0] + r[1][i] * v[1] + r[2][i] * v[2];
    }
  }

  /** Writes {@code R · v} (device → vehicle) into {@code out}. */
  public static void toVehicle(double[][] r, double[] v, double[] out) {
    for (int i = 0; i < 3; i++) {
      out[i] = r[i][0] * v[0] + r[i][1] * v[1] + r[i][2] * v[2];
    }
  }

  static double gaussian(SplittableRandom rng) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u1 = 1 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
