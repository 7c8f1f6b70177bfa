package io.vigil.agent.calibrate;

import io.vigil.inference.input.VehicleFrame;
import io.vigil.protocol.Calibration;
import java.util.Optional;

/**
 * Learns how the device is mounted while the vehicle drives (BRIEF §4): the mean specific force of
 * quiet samples gives "up"; the forward axis is the horizontal direction whose acceleration follows
 * the changes of GPS speed. Until the forward axis converges the frame has an arbitrary yaw and
 * says so ({@link VehicleFrame#headingKnown()}), which is the mode the model is trained for.
 *
 * <p>Forward: between two GPS fixes the mean levelled horizontal acceleration {@code h} is paired
 * with the speed change {@code dv/dt}; while driving straight (low yaw rate) and with a clear speed
 * change, {@code S += dv/dt · h}. The heading is {@code atan2(S)}; it converges once the summed
 * excitation {@code Σ(dv/dt)²} reaches {@link #MIN_EXCITATION} over at least {@link #MIN_PAIRS}
 * pairs and the pairs agree ({@code |S| / Σ|dv/dt||h|} ≥ {@link #MIN_CONSISTENCY}). Deterministic,
 * no clock: time comes with the samples. One instance per vehicle, fed from one thread.
 */
public final class MountingCalibration {

  /** Σ(dv/dt)² needed, (m/s²)²: about a minute of ordinary speed changes. */
  static final double MIN_EXCITATION = 40;

  /** Speed-change pairs needed at least, so that a single hard launch does not decide. */
  static final int MIN_PAIRS = 30;

  /** Agreement of the pairs needed for convergence. */
  static final double MIN_CONSISTENCY = 0.75;

  private static final double G = 9.80665;
  private static final double GRAVITY_TAU_S = 30;
  // A quiet sample: |a| within 0.5 m/s² of g and hardly turning, so driving barely tilts "up".
  private static final double QUIET_ACCEL = 0.5;
  private static final double QUIET_ROTATION = 0.1;
  private static final double STRAIGHT_ROTATION = 0.03; // rad/s
  private static final double CRUISE_SPEED_CHANGE = 0.15; // m/s²
  private static final double GRAVITY_READY_S = 10;
  private static final double MIN_SPEED_CHANGE = 0.4; // m/s²
  private static final double MAX_YAW_RATE = 0.12; // rad/s
  // A pair whose interval held a shock (pothole, impact, a saturated or spiking sensor) says
  // nothing about speed change and would outweigh dozens of good pairs.
  private static final double MAX_SHOCK = 6; // m/s² of |a| away from g
  private static final double MIN_SPEED = 2; // m/s
  private static final double MAX_FIX_INTERVAL_S = 1.5;
  private static final double REFRAME_DEG = 1.0;

  private final double[] gravity = new double[3];
  private final double[] previous = new double[3];
  private double quietS;
  private VehicleFrame level;
  private double[] levelGravity;
  private long lastImuNs = Long.MIN_VALUE;
  private final double[] h = new double[3];
  private double sumHx;
  private double sumHy;
  private int hCount;
  private double maxYawRate;
  private double maxShock;
  private long lastFixNs = Long.MIN_VALUE;
  private double lastSpeed;
  private double lastDvdt;
  // Sums over speed-change pairs (dv/dt, h): count, Σdv, Σhx, Σhy, Σdv·hx, Σdv·hy, Σdv², Σ|h|².
  private final double[] sums = new double[CalibrationSnapshot.SUMS];
  private Optional<Double> yaw = Optional.empty();
  private VehicleFrame frame;
  private long version;

  /** A calibration with nothing known; the frame is the device's own axes, heading unknown. */
  public MountingCalibration() {
    frame = VehicleFrame.fromGravity(0, 0, 1);
  }

  /** Resumes from a persisted snapshot (its gravity and, if it had converged, its heading). */
  public static MountingCalibration resume(CalibrationSnapshot snapshot) {
    MountingCalibration c = new MountingCalibration();
    System.arraycopy(snapshot.gravity(), 0, c.gravity, 0, 3);
    c.quietS = GRAVITY_READY_S;
    System.arraycopy(snapshot.sums(), 0, c.sums, 0, CalibrationSnapshot.SUMS);
    c.relevel();
    c.updateHeading();
    return c;
  }

  /** One IMU sample in device axes (m/s², rad/s). */
  public void imu(long tNs, double ax, double ay, double az, double gx, double gy, double gz) {
    double dt = lastImuNs == Long.MIN_VALUE ? 0 : Math.min(0.1, (tNs - lastImuNs) / 1e9);
    lastImuNs = tNs;
    double a = Math.sqrt(ax * ax + ay * ay + az * az);
    double w = Math.sqrt(gx * gx + gy * gy + gz * gz);
    maxShock = Math.max(maxShock, Math.abs(a - G));
    // An axis repeating its exact value is stuck or clipped, not at rest: keep it out of "up".
    boolean repeats = ax == previous[0] || ay == previous[1] || az == previous[2];
    previous[0] = ax;
    previous[1] = ay;
    previous[2] = az;
    boolean steady = Math.abs(a - G) < QUIET_ACCEL && w < QUIET_ROTATION && dt > 0 && !repeats;
    // Once "up" has a first estimate, only standing still or cruising straight at constant speed
    // refines it: a long curve or a long acceleration looks steady but tilts the mean.
    boolean speedFresh = lastFixNs != Long.MIN_VALUE && tNs - lastFixNs < 2_000_000_000L;
    boolean unaccelerated =
        w < STRAIGHT_ROTATION
            && (speedFresh
                ? lastSpeed < 0.3 || Math.abs(lastDvdt) < CRUISE_SPEED_CHANGE
                : quietS < GRAVITY_READY_S);
    if (steady && (quietS < GRAVITY_READY_S || unaccelerated)) {
      double alpha = quietS < GRAVITY_TAU_S ? dt / Math.max(dt, quietS + dt) : dt / GRAVITY_TAU_S;
      gravity[0] += alpha * (ax - gravity[0]);
      gravity[1] += alpha * (ay - gravity[1]);
      gravity[2] += alpha * (az - gravity[2]);
      quietS += dt;
      if (quietS >= GRAVITY_READY_S && (level == null || movedFromLevel())) {
        relevel();
        updateHeading();
      }
    }
    if (level == null) {
      return;
    }
    level.toVehicle(ax, ay, az, h, 0);
    sumHx += h[0];
    sumHy += h[1];
    hCount++;
    level.toVehicle(gx, gy, gz, h, 0);
    maxYawRate = Math.max(maxYawRate, Math.abs(h[2]));
  }

  /** One GPS speed (m/s). */
  public void gps(long tNs, double speedMps) {
    if (level != null
        && lastFixNs != Long.MIN_VALUE
        && hCount > 0
        && (tNs - lastFixNs) / 1e9 <= MAX_FIX_INTERVAL_S
        && tNs > lastFixNs) {
      double dvdt = (speedMps - lastSpeed) / ((tNs - lastFixNs) / 1e9);
      lastDvdt = dvdt;
      double hx = sumHx / hCount;
      double hy = sumHy / hCount;
      if (Math.abs(dvdt) >= MIN_SPEED_CHANGE
          && maxYawRate <= MAX_YAW_RATE
          && maxShock <= MAX_SHOCK
          && Math.min(speedMps, lastSpeed) >= MIN_SPEED) {
        sums[0]++;
        sums[1] += dvdt;
        sums[2] += hx;
        sums[3] += hy;
        sums[4] += dvdt * hx;
        sums[5] += dvdt * hy;
        sums[6] += dvdt * dvdt;
        sums[7] += hx * hx + hy * hy;
        updateHeading();
      }
    }
    lastFixNs = tNs;
    lastSpeed = speedMps;
    sumHx = 0;
    sumHy = 0;
    hCount = 0;
    maxYawRate = 0;
    maxShock = 0;
  }

  private boolean movedFromLevel() {
    double dot = 0;
    double n1 = 0;
    double n2 = 0;
    for (int i = 0; i < 3; i++) {
      dot += gravity[i] * levelGravity[i];
      n1 += gravity[i] * gravity[i];
      n2 += levelGravity[i] * levelGravity[i];
    }
    double cos = dot / Math.sqrt(n1 * n2);
    return cos < Math.cos(Math.toRadians(REFRAME_DEG));
  }

  private void relevel() {
    level = VehicleFrame.fromGravity(gravity[0], gravity[1], gravity[2]);
    levelGravity = gravity.clone();
  }

  /** Σ(dv/dt − mean)²: how much speed change the pairs carry, (m/s²)² summed. */
  private double excitation() {
    double n = sums[0];
    return n == 0 ? 0 : sums[6] - sums[1] * sums[1] / n;
  }

  /**
   * Correlation between speed change and horizontal acceleration along its best direction: 1 when
   * every pair agrees. Centred sums make a constant offset (a slightly wrong "up") harmless.
   */
  private double consistency() {
    double n = sums[0];
    if (n < 2) {
      return 0;
    }
    double covX = sums[4] - sums[1] * sums[2] / n;
    double covY = sums[5] - sums[1] * sums[3] / n;
    double varH = sums[7] - (sums[2] * sums[2] + sums[3] * sums[3]) / n;
    double varDv = excitation();
    return varH <= 0 || varDv <= 0 ? 0 : Math.hypot(covX, covY) / Math.sqrt(varDv * varH);
  }

  private void updateHeading() {
    if (level == null) {
      return;
    }
    double n = sums[0];
    boolean converged =
        excitation() >= MIN_EXCITATION && n >= MIN_PAIRS && consistency() >= MIN_CONSISTENCY;
    yaw =
        converged
            ? Optional.of(
                Math.atan2(sums[5] - sums[1] * sums[3] / n, sums[4] - sums[1] * sums[2] / n))
            : Optional.empty();
    frame = yaw.map(level::withForwardAt).orElse(level);
    version++;
  }

  /** The frame to rotate samples with now. */
  public VehicleFrame frame() {
    return frame;
  }

  /** Increases whenever {@link #frame()} changes, so callers re-read it only then. */
  public long version() {
    return version;
  }

  /** Progress for status messages. */
  public Calibration status() {
    if (level == null) {
      return new Calibration(Calibration.State.UNKNOWN, 0);
    }
    double confidence = Math.min(1, excitation() / MIN_EXCITATION) * consistency();
    return new Calibration(
        yaw.isPresent() ? Calibration.State.CONVERGED : Calibration.State.GRAVITY_ONLY,
        Math.round(confidence * 1000) / 1000.0);
  }

  /** What to persist so that a restart resumes with the same frame. */
  public CalibrationSnapshot snapshot() {
    return new CalibrationSnapshot(gravity.clone(), sums);
  }
}
