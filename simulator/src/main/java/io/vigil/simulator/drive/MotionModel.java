package io.vigil.simulator.drive;

/**
 * Turns a {@link Maneuver} into vehicle-frame commands, as a pure function of the time since the
 * manoeuvre started and the current speed. Shapes are smooth (Hann windows, ramps) so that jerk
 * stays physical; lateral manoeuvres are expressed as yaw rate so that lateral acceleration is
 * always speed × yaw rate, as for a real vehicle.
 */
public final class MotionModel {

  /** Speed below which a turn command is not scaled up further (avoids ω = a / v blowing up). */
  private static final double MIN_TURN_SPEED = 2.0;

  /** Gain of the cruise speed controller, 1/s. */
  private static final double CRUISE_GAIN = 0.5;

  private MotionModel() {}

  /**
   * The commands at {@code t} seconds into {@code m}, with the vehicle at {@code speed} m/s.
   *
   * @param everydayAccel the driver's everyday acceleration magnitude, m/s² (bounds cruise control)
   */
  public static Motion at(Maneuver m, double t, double speed, double everydayAccel) {
    double u = Math.min(Math.max(t / m.durationS(), 0), 1);
    return switch (m.type()) {
      case CRUISE ->
          new Motion(clamp(CRUISE_GAIN * (m.amplitude() - speed), everydayAccel), 0, 0, 0, 0);
      case SPEED_PULSE -> new Motion(Math.signum(m.angle()) * m.amplitude() * hann(u), 0, 0, 0, 0);
      case CURVE ->
          turn(Math.signum(m.angle()) * m.amplitude() * trapezoid(t, m.durationS(), 1.0), speed);
      case LANE_CHANGE ->
          turn(Math.signum(m.angle()) * m.amplitude() * Math.sin(2 * Math.PI * u), speed);
      case STOP ->
          new Motion(speed > 0 ? -Math.min(m.amplitude(), speed * 2 + 0.3) : 0, 0, 0, 0, 0);
      case COLLISION -> collision(m, t, speed);
      case POTHOLE ->
          new Motion(0, 0, m.amplitude() * (u < 0.5 ? -1 : 1) * Math.sin(2 * Math.PI * u), 0, 0);
      case SPEED_BUMP -> new Motion(0, 0, m.amplitude() * bumps(u), 0, 0);
      case ROUGH_ROAD -> new Motion(0, 0, m.amplitude() * roughness(t, m.angle()), 0, 0);
      case DOOR_SLAM -> new Motion(0, 0, m.amplitude() * hann(u) * 0.6, 0, m.amplitude() * hann(u));
      case LOADING -> {
        double rocking = m.amplitude() * loadingJolts(t, m.durationS(), m.angle());
        yield new Motion(0, 0, rocking, 0, 0.5 * rocking);
      }
      case TRAILER_SWAY -> {
        // 0.5–0.9 Hz from the maneuver's phase seed; eased in and out over a second.
        double f = 0.5 + 0.05 * Math.floorMod((long) m.angle(), 9);
        double envelope = Math.min(1, Math.min(t, m.durationS() - t));
        yield turn(m.amplitude() * envelope * Math.sin(2 * Math.PI * f * t), speed);
      }
      case MOUNT_RATTLE -> {
        double f = 8 + Math.floorMod((long) m.angle(), 8);
        double envelope = Math.min(1, Math.min(t, m.durationS() - t) / 0.3);
        yield new Motion(
            0,
            0,
            m.amplitude() * envelope * Math.sin(2 * Math.PI * f * t),
            0,
            0.6 * m.amplitude() * envelope * Math.sin(2 * Math.PI * f * t + 1));
      }
    };
  }

  /**
   * Impulse for the first 30–150 ms (durationS of the impulse is encoded in the amplitude's time).
   */
  private static Motion collision(Maneuver m, double t, double speed) {
    double impulseS = COLLISION_IMPULSE_S;
    if (t < impulseS) {
      double a = m.amplitude() * hann(t / impulseS);
      // Impact from the front pushes the vehicle backwards (negative x), from the left to the
      // right.
      return new Motion(0, 0, 0.15 * a, -a * Math.cos(m.angle()), -a * Math.sin(m.angle()));
    }
    return new Motion(speed > 0 ? -Math.min(6.0, speed * 3 + 0.5) : 0, 0, 0, 0, 0);
  }

  /** Length of every collision impulse, seconds (vendors: 30–150 ms; planner varies amplitude). */
  public static final double COLLISION_IMPULSE_S = 0.08;

  private static Motion turn(double lateral, double speed) {
    return new Motion(0, lateral / Math.max(speed, MIN_TURN_SPEED), 0, 0, 0);
  }

  private static double clamp(double value, double limit) {
    return Math.max(-limit, Math.min(limit, value));
  }

  /** Hann window on [0, 1]: 0 at both ends, 1 in the middle. */
  static double hann(double u) {
    if (u <= 0 || u >= 1) {
      return 0;
    }
    double s = Math.sin(Math.PI * u);
    return s * s;
  }

  /** 0 → 1 over {@code rampS}, hold, 1 → 0 over the last {@code rampS}, smoothly. */
  private static double trapezoid(double t, double duration, double rampS) {
    double ramp = Math.min(rampS, duration / 2);
    if (t <= 0 || t >= duration) {
      return 0;
    }
    if (t < ramp) {
      return hann(t / ramp / 2);
    }
    if (t > duration - ramp) {
      return hann((duration - t) / ramp / 2);
    }
    return 1;
  }

  /** Front axle over the bump in the first third, rear axle in the last third. */
  private static double bumps(double u) {
    if (u < 1.0 / 3) {
      return Math.sin(2 * Math.PI * u * 3);
    }
    if (u > 2.0 / 3) {
      return 0.8 * Math.sin(2 * Math.PI * (u - 2.0 / 3) * 3);
    }
    return 0;
  }

  /**
   * Body rocking after items are put in or taken out: six jolts at times spread by {@code seed},
   * each a 1.5 Hz oscillation decaying with 0.3 s.
   */
  private static double loadingJolts(double t, double duration, double seed) {
    double sum = 0;
    for (int k = 1; k <= 6; k++) {
      double at = duration * ((seed * k * 0.6180339887) % 1.0) * 0.9;
      if (t > at) {
        double since = t - at;
        sum += Math.exp(-since / 0.3) * Math.sin(2 * Math.PI * 1.5 * since);
      }
    }
    return sum;
  }

  /** A band of road frequencies (3–17 Hz), phase-shifted by {@code seed}, RMS ≈ 0.5. */
  private static double roughness(double t, double seed) {
    double sum = 0;
    for (int k = 0; k < 5; k++) {
      double f = 3 + 3.5 * k;
      sum += Math.sin(2 * Math.PI * f * t + seed * (k + 1) * 1.7);
    }
    return sum / Math.sqrt(5) * 0.7071;
  }
}
