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
  private static final double GRAVITY_TAU_S = 10;
  private static final double GRAVITY_READY_S = 2;
  private static final double MIN_SPEED_CHANGE = 0.4; // m/s²
  private static final double MAX_YAW_RATE = 0.12; // rad/s
  private static final double MIN_SPEED = 2; // m/s
  private static final double MAX_FIX_INTERVAL_S = 1.5;
  private static final double REFRAME_DEG = 1.0;

  private final double[] gravity = new double[3];
  private double quietS;
  private VehicleFrame level;
  private double[] levelGravity;
  private long lastImuNs = Long.MIN_VALUE;
  private final double[] h = new double[3];
  private double sumHx;
  private double sumHy;
  private int hCount;
  private double maxYawRate;
  private long lastFixNs = Long.MIN_VALUE;
  private double lastSpeed;
  private double sx;
  private double sy;
  private double norm;
  private double excitation;
  private int pairs;
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
    c.sx = snapshot.sumX();
    c.sy = snapshot.sumY();
    c.norm = snapshot.norm();
    c.excitation = snapshot.excitation();
    c.pairs = snapshot.pairs();
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
    if (Math.abs(a - G) < 0.15 * G && w < 0.2 && dt > 0) {
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
      double hx = sumHx / hCount;
      double hy = sumHy / hCount;
      if (Math.abs(dvdt) >= MIN_SPEED_CHANGE
          && maxYawRate <= MAX_YAW_RATE
          && Math.min(speedMps, lastSpeed) >= MIN_SPEED) {
        sx += dvdt * hx;
        sy += dvdt * hy;
        norm += Math.abs(dvdt) * Math.hypot(hx, hy);
        excitation += dvdt * dvdt;
        pairs++;
        updateHeading();
      }
    }
    lastFixNs = tNs;
    lastSpeed = speedMps;
    sumHx = 0;
    sumHy = 0;
    hCount = 0;
    maxYawRate = 0;
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

  private void updateHeading() {
    if (level == null) {
      return;
    }
    boolean converged =
        excitation >= MIN_EXCITATION
            && pairs >= MIN_PAIRS
            && norm > 0
            && Math.hypot(sx, sy) / norm >= MIN_CONSISTENCY;
    yaw = converged ? Optional.of(Math.atan2(sy, sx)) : Optional.empty();
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
    double consistency = norm > 0 ? Math.hypot(sx, sy) / norm : 0;
    double confidence = Math.min(1, excitation / MIN_EXCITATION) * consistency;
    return new Calibration(
        yaw.isPresent() ? Calibration.State.CONVERGED : Calibration.State.GRAVITY_ONLY,
        Math.round(confidence * 1000) / 1000.0);
  }

  /** What to persist so that a restart resumes with the same frame. */
  public CalibrationSnapshot snapshot() {
    return new CalibrationSnapshot(gravity.clone(), sx, sy, norm, excitation, pairs);
  }
}
