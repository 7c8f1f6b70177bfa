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
import io.vigil.simulator.sensor.SensorFaultInjector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Simulates one trip at the IMU rate: the planner's manoeuvres drive a kinematic vehicle, whose
 * true motion goes through the IMU and GPS models to a {@link SampleSink}. Longitudinal
 * acceleration is the change of speed, lateral acceleration is speed × yaw rate, so the signals are
 * consistent with each other by construction. Labels carry start, end and the peak accelerations of
 * the true signal. Deterministic: the seed decides everything.
 *
 * <p>One instance is one trip: {@link #run} it as fast as possible, or {@link #step} it one IMU
 * period at a time (real-time fleets, agents pulling samples).
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
  private final DrivePlanner planner;
  private final ImuModel imu;
  private final GpsModel gps;
  private final SensorFaultInjector faults;
  private final double dt;
  private final long steps;
  private final double everyday;
  private final List<Label> labels = new ArrayList<>();
  private final double[] accel = new double[3];
  private final double[] gyro = new double[3];
  private long step;
  private double speed;
  private double heading;
  private double x;
  private double y;
  private double distance;
  private double previousLong;
  private double previousLat;
  private double applied;
  private Maneuver maneuver;
  private double maneuverStart;
  private LabelTracker open;
  private long imuSamples;

  public TripSimulator(TripSettings settings) {
    this.settings = settings;
    SplittableRandom root = new SplittableRandom(settings.seed());
    this.planner =
        new DrivePlanner(
            settings.persona(),
            settings.vehicleClass(),
            settings.rates(),
            settings.highwayShare(),
            root.split());
    this.imu = new ImuModel(settings.imu(), settings.mounting(), root.split());
    this.gps =
        new GpsModel(
            settings.originLat(), settings.originLon(), settings.gpsOutagesPerHour(), root.split());
    this.faults =
        new SensorFaultInjector(
            settings.rates().rate(LabelKind.SENSOR_FAULT, settings.persona()),
            settings.imu().rangeG(),
            root.split());
    this.dt = 1 / settings.imu().rateHz();
    this.steps = Math.round(settings.durationS() / dt);
    this.everyday =
        settings.persona().everydayLongitudinalG() * settings.vehicleClass().everydayScale() * G;
    this.maneuver = planner.next(0, 0);
    this.open = LabelTracker.start(maneuver, 0);
  }

  /** Runs the whole trip, pushing samples to {@code sink}; returns its labels and summary. */
  public Trip run(SampleSink sink) {
    return run(sink, TruthSink.NONE);
  }

  /** Runs the whole trip; {@code truth} also sees the true vehicle-frame state at every step. */
  public Trip run(SampleSink sink, TruthSink truth) {
    while (step(sink, truth)) {
      // every step pushes its samples to the sinks
    }
    return trip();
  }

  /** Advances one IMU period; false once the trip is over (then nothing is pushed). */
  public boolean step(SampleSink sink) {
    return step(sink, TruthSink.NONE);
  }

  /** Advances one IMU period; false once the trip is over (then nothing is pushed). */
  public boolean step(SampleSink sink, TruthSink truth) {
    if (step >= steps) {
      return false;
    }
    double t = step * dt;
    step++;
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

    ImuSample sample = faults.apply(t, imu.measure(t, accel, gyro, true));
    if (sample != null) {
      sink.imu(sample);
      imuSamples++;
    }
    GpsFix fix = gps.sample(t, speed, x, y);
    if (fix != null) {
      sink.gps(fix);
    }
    return true;
  }

  /** Time simulated so far, seconds. */
  public double elapsedS() {
    return step * dt;
  }

  /** The trip so far: labels closed at the current time, samples delivered, distance. */
  public Trip trip() {
    List<Label> all = new ArrayList<>(labels);
    if (open != null) {
      all.add(open.close(step * dt));
    }
    all.addAll(faults.labels(step * dt));
    all.sort(Comparator.comparingDouble(Label::startS));
    return new Trip(settings, List.copyOf(all), imuSamples, distance);
  }
}
