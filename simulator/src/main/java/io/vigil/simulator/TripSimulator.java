package io.vigil.simulator;

import io.vigil.simulator.drive.DrivePlanner;
import io.vigil.simulator.drive.Label;
import io.vigil.simulator.drive.LabelKind;
import io.vigil.simulator.drive.Maneuver;
import io.vigil.simulator.drive.Motion;
import io.vigil.simulator.drive.MotionModel;
import io.vigil.simulator.sensor.GpsFix;
import io.vigil.simulator.sensor.GpsModel;
import io.vigil.simulator.sensor.ImuModel;
import io.vigil.simulator.sensor.ImuSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Simulates one trip at the IMU rate: the planner's manoeuvres drive a kinematic vehicle, whose
 * true motion goes through the IMU and GPS models to the {@link SampleSink}. Longitudinal
 * acceleration is the change of speed, lateral acceleration is speed × yaw rate, so the signals are
 * consistent with each other by construction. Labels carry start, end and the peak accelerations of
 * the true signal. Deterministic: the seed decides everything.
 */
public final class TripSimulator {

  private static final double G = 9.80665;

  /** Roll and pitch rates per unit of lateral/longitudinal jerk, rad/s per m/s³. */
  private static final double BODY_RATE_PER_JERK = 0.004;

  /**
   * Response time of drivetrain and brakes, seconds: commanded acceleration reaches the vehicle
   * through a first-order lag, so a new command never steps the acceleration (and the body's pitch
   * rate) in one sample. Collision impulses bypass it.
   */
  private static final double ACTUATOR_LAG_S = 0.12;

  private final TripSettings settings;

  public TripSimulator(TripSettings settings) {
    this.settings = settings;
  }

  /** Runs the trip, pushing samples to {@code sink}; returns its labels and summary. */
  public Trip run(SampleSink sink) {
    return run(sink, TruthSink.NONE);
  }

  /** Runs the trip; {@code truth} also sees the true vehicle-frame state at every step. */
  public Trip run(SampleSink sink, TruthSink truth) {
    SplittableRandom root = new SplittableRandom(settings.seed());
    DrivePlanner planner =
        new DrivePlanner(
            settings.persona(), settings.rates(), settings.highwayShare(), root.split());
    ImuModel imu = new ImuModel(settings.imu(), settings.mounting(), root.split());
    GpsModel gps =
        new GpsModel(
            settings.originLat(), settings.originLon(), settings.gpsOutagesPerHour(), root.split());

    double dt = 1 / settings.imu().rateHz();
    long steps = Math.round(settings.durationS() / dt);
    double everyday = settings.persona().everydayLongitudinalG() * G;
    double speed = 0;
    double heading = 0;
    double x = 0;
    double y = 0;
    double distance = 0;
    double previousLong = 0;
    double previousLat = 0;
    double applied = 0;
    Maneuver maneuver = planner.next(0, 0);
    double maneuverStart = 0;
    List<Label> labels = new ArrayList<>();
    LabelTracker open = LabelTracker.start(maneuver, 0);
    double[] accel = new double[3];
    double[] gyro = new double[3];
    long imuSamples = 0;

    for (long i = 0; i < steps; i++) {
      double t = i * dt;
      while (t - maneuverStart >= maneuver.durationS()) {
        maneuverStart += maneuver.durationS();
        if (open != null) {
          labels.add(open.close(maneuverStart));
        }
        maneuver = planner.next(maneuverStart, speed);
        open = LabelTracker.start(maneuver, maneuverStart);
      }
      Motion m = MotionModel.at(maneuver, t - maneuverStart, speed, everyday);
      applied += (m.longitudinal() - applied) * Math.min(1, dt / ACTUATOR_LAG_S);
      double newSpeed = Math.max(0, speed + (applied + m.impulseLongitudinal()) * dt);
      double longitudinal = (newSpeed - speed) / dt;
      if (newSpeed == 0) {
        applied = Math.max(applied, 0); // at a standstill the brakes hold; nothing to decelerate
      }
      speed = newSpeed;
      double yawRate = speed > 0 ? m.yawRate() : 0;
      double lateral = speed * yawRate + m.impulseLateral();
      heading += yawRate * dt;
      x -= speed * Math.sin(heading) * dt; // heading 0 = north, positive = turning left (west)
      y += speed * Math.cos(heading) * dt;
      distance += speed * dt;

      accel[0] = longitudinal;
      accel[1] = lateral;
      accel[2] = G + m.vertical();
      gyro[0] = BODY_RATE_PER_JERK * (lateral - previousLat) / dt;
      gyro[1] = -BODY_RATE_PER_JERK * (longitudinal - previousLong) / dt;
      gyro[2] = yawRate;
      previousLong = longitudinal;
      previousLat = lateral;
      if (open != null) {
        open.observe(accel);
      }
      truth.step(t, speed, accel, gyro);

      ImuSample sample = imu.measure(t, accel, gyro, true);
      if (sample != null) {
        sink.imu(sample);
        imuSamples++;
      }
      GpsFix fix = gps.sample(t, speed, x, y);
      if (fix != null) {
        sink.gps(fix);
      }
    }
    if (open != null) {
      labels.add(open.close(steps * dt));
    }
    return new Trip(settings, List.copyOf(labels), imuSamples, distance);
  }

  /** Collects the peaks of one labelled manoeuvre while it runs. */
  private static final class LabelTracker {
    private final LabelKind kind;
    private final double startS;
    private final Optional<String> direction;
    private double peakLong;
    private double peakLat;
    private double peakVert;

    private LabelTracker(LabelKind kind, double startS, Optional<String> direction) {
      this.kind = kind;
      this.startS = startS;
      this.direction = direction;
    }

    static LabelTracker start(Maneuver m, double startS) {
      return m.label().map(kind -> new LabelTracker(kind, startS, direction(m))).orElse(null);
    }

    private static Optional<String> direction(Maneuver m) {
      return switch (m.type()) {
        case CURVE, LANE_CHANGE -> Optional.of(m.angle() > 0 ? "left" : "right");
        case COLLISION -> Optional.of(impactSide(m.angle()));
        default -> Optional.empty();
      };
    }

    /** Where the impact came from: front, left, rear or right (π/2 = from the left). */
    private static String impactSide(double angle) {
      double a = Math.floorMod(Math.round(Math.toDegrees(angle)), 360);
      if (a < 45 || a >= 315) {
        return "front";
      }
      if (a < 135) {
        return "left";
      }
      return a < 225 ? "rear" : "right";
    }

    void observe(double[] accel) {
      peakLong = larger(peakLong, accel[0] / G);
      peakLat = larger(peakLat, accel[1] / G);
      peakVert = larger(peakVert, (accel[2] - G) / G);
    }

    private static double larger(double current, double candidate) {
      return Math.abs(candidate) > Math.abs(current) ? candidate : current;
    }

    Label close(double endS) {
      return new Label(startS, endS, kind, direction, peakLong, peakLat, peakVert);
    }
  }
}
