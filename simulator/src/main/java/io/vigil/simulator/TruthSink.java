package io.vigil.simulator;

/**
 * Receives the true vehicle-frame state at every simulation step, before any sensor model: for
 * physics tests, plots and training targets.
 */
public interface TruthSink {

  /**
   * @param tS time since the trip started, seconds
   * @param speed speed, m/s
   * @param accel specific force in the vehicle frame, m/s² (x forward, y left, z up; +g on z)
   * @param gyro angular velocity in the vehicle frame, rad/s (roll, pitch, yaw rates)
   */
  void step(double tS, double speed, double[] accel, double[] gyro);

  TruthSink NONE = (t, v, a, g) -> {};
}
