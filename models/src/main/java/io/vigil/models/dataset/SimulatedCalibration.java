package io.vigil.models.dataset;

import io.vigil.inference.input.VehicleFrame;
import io.vigil.simulator.sensor.GaussianSource;
import io.vigil.simulator.sensor.Mounting;
import java.util.SplittableRandom;

/**
 * The frame an agent's calibration would give for a simulated device: the true mounting, off by a
 * residual error like a converged calibration's (yaw σ {@value #YAW_ERROR_DEG}°, tilt σ {@value
 * #TILT_ERROR_DEG}°), and with an arbitrary yaw while the heading is unknown. Training on these
 * frames is the augmentation over mounting yaw and residual misalignment.
 */
public final class SimulatedCalibration {

  static final double YAW_ERROR_DEG = 5;
  static final double TILT_ERROR_DEG = 1.5;

  private SimulatedCalibration() {}

  public static VehicleFrame frame(Mounting mounting, boolean headingKnown, SplittableRandom rng) {
    GaussianSource gaussian = new GaussianSource(rng);
    Mounting error =
        new Mounting(
            Math.toRadians(gaussian.next() * YAW_ERROR_DEG),
            Math.toRadians(gaussian.next() * TILT_ERROR_DEG),
            Math.toRadians(gaussian.next() * TILT_ERROR_DEG));
    VehicleFrame frame = exact(mounting).followedBy(flat(error.deviceToVehicle()));
    return headingKnown ? frame : frame.withArbitraryYaw(rng.nextDouble() * 2 * Math.PI);
  }

  /** The frame of a perfectly calibrated agent: the true mounting. */
  public static VehicleFrame exact(Mounting mounting) {
    return VehicleFrame.of(flat(mounting.deviceToVehicle()), true);
  }

  private static double[] flat(double[][] m) {
    return new double[] {
      m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2], m[2][0], m[2][1], m[2][2]
    };
  }
}
