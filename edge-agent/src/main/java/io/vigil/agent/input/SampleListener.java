package io.vigil.agent.input;

/**
 * Receives one vehicle's raw samples in time order, as primitives so that no sample is an
 * allocation on the agent's side.
 */
public interface SampleListener {

  /** One IMU sample, device axes: m/s² and rad/s; nanoseconds on the sample clock. */
  void imu(long tNs, double ax, double ay, double az, double gx, double gy, double gz);

  /** One GPS fix: speed m/s, position degrees (NaN when unknown). */
  void gps(long tNs, double speedMps, double latitude, double longitude);
}
