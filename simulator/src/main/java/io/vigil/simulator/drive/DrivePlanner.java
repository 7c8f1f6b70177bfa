package io.vigil.simulator.drive;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Decides what a vehicle does next. Every labelled kind is a Poisson process at its {@link
 * EventRates rate}, so long-run rates match the scenario; between events the driver cruises at the
 * speed limit of the current road (urban or highway, alternating) times their persona's factor. A
 * due event that the current speed does not allow (a harsh brake while crawling, a door slam while
 * moving) is preceded by what makes it possible. Impacts last at least 60 ms, three samples at 50
 * Hz: suspension and the IMU's anti-aliasing filter spread a wheel strike over that long, and a
 * shorter pulse would fall between samples.
 */
public final class DrivePlanner {

  private static final double G = 9.80665;
  private static final double URBAN_LIMIT = 50 / 3.6;

  private final DriverPersona persona;
  private final VehicleClass vehicle;
  private final double highwayLimit;
  private final EventRates rates;
  private final double highwayShare;
  private final SplittableRandom rng;
  private final Map<LabelKind, Double> nextDue = new EnumMap<>(LabelKind.class);
  private double nextStopDue;
  private double roadChangeDue;
  private double speedLimit = URBAN_LIMIT;
  private boolean afterCollision;
  private boolean turnPending;
  private boolean turnNext;

  /** A collision label covers the impact and the hard stop after it, seconds. */
  static final double COLLISION_LABEL_S = 1.5;

  /**
   * @param highwayShare fraction of road segments that are highway (0..1)
   */
  public DrivePlanner(
      DriverPersona persona,
      VehicleClass vehicle,
      EventRates rates,
      double highwayShare,
      SplittableRandom rng) {
    this.persona = persona;
    this.vehicle = vehicle;
    this.highwayLimit = vehicle.highwayKmh() / 3.6;
    this.rates = rates;
    this.highwayShare = highwayShare;
    this.rng = rng;
    for (LabelKind kind : LabelKind.values()) {
      if (kind != LabelKind.SENSOR_FAULT) {
        nextDue.put(kind, arrivalAfter(0, rates.rate(kind, persona)));
      }
    }
    nextStopDue = arrivalAfter(0, rates.stopsPerHour());
    roadChangeDue = 0;
  }

  /** The next manoeuvre, starting at {@code nowS} with the vehicle at {@code speed} m/s. */
  public Maneuver next(double nowS, double speed) {
    if (afterCollision) {
      // The vehicle stays put after a crash: an unlabelled standstill, not part of the event.
      afterCollision = false;
      return stop(speed, uniform(20, 60));
    }
    if (nowS >= roadChangeDue) {
      speedLimit = rng.nextDouble() < highwayShare ? highwayLimit : URBAN_LIMIT;
      roadChangeDue = nowS + uniform(60, 300);
    }
    LabelKind due = null;
    double dueAt = Double.POSITIVE_INFINITY;
    for (Map.Entry<LabelKind, Double> e : nextDue.entrySet()) {
      if (e.getValue() <= nowS && e.getValue() < dueAt) {
        due = e.getKey();
        dueAt = e.getValue();
      }
    }
    if (turnPending) {
      // Pulling away from an intersection: get rolling, then turn at walking-pace speeds.
      turnPending = false;
      turnNext = true;
      return new Maneuver(Maneuver.Type.CRUISE, 3, uniform(5, 7), 0, Optional.empty());
    }
    if (turnNext) {
      turnNext = false;
      return new Maneuver(
          Maneuver.Type.CURVE,
          uniform(4, 6),
          uniform(0.10, 0.22) * G,
          side(),
          Optional.of(LabelKind.GENTLE_CORNERING));
    }
    if (due == null && nextStopDue <= nowS) {
      nextStopDue = arrivalAfter(nowS, rates.stopsPerHour());
      turnPending = rng.nextBoolean();
      return stop(speed, uniform(2, 25));
    }
    if (due != null) {
      Optional<Maneuver> event = event(due, speed);
      if (event.isPresent()) {
        nextDue.put(due, arrivalAfter(nowS, rates.rate(due, persona)));
        afterCollision = due == LabelKind.COLLISION;
        return event.get();
      }
      return prerequisite(due, speed);
    }
    double until = Math.min(earliestDue(), nextStopDue);
    return cruise(Math.max(1, Math.min(until - nowS, 20)));
  }

  private double earliestDue() {
    double earliest = Double.POSITIVE_INFINITY;
    for (double t : nextDue.values()) {
      earliest = Math.min(earliest, t);
    }
    return earliest;
  }

  /** The labelled manoeuvre for {@code kind}, or empty if the current speed does not allow it. */
  private Optional<Maneuver> event(LabelKind kind, double v) {
    Optional<LabelKind> label = Optional.of(kind);
    return switch (kind) {
      case HARSH_BRAKING -> brake(v, uniform(0.45, 0.8) * G, uniform(0.8, 2.5), label);
      case GENTLE_BRAKING -> brake(v, uniform(0.08, 0.28) * G, uniform(1.5, 4), label);
      case HARSH_ACCELERATION ->
          v < speedLimit * 1.2
              ? Optional.of(
                  new Maneuver(
                      Maneuver.Type.SPEED_PULSE,
                      uniform(1.2, 2.5),
                      uniform(0.4, 0.6) * G,
                      1,
                      label))
              : Optional.empty();
      case GENTLE_ACCELERATION ->
          v < speedLimit * 1.2
              ? Optional.of(
                  new Maneuver(
                      Maneuver.Type.SPEED_PULSE,
                      uniform(1.5, 4),
                      uniform(0.08, 0.28) * G,
                      1,
                      label))
              : Optional.empty();
      case HARSH_CORNERING ->
          v >= 8
              ? Optional.of(
                  new Maneuver(
                      Maneuver.Type.CURVE, uniform(2.5, 5), uniform(0.45, 0.75) * G, side(), label))
              : Optional.empty();
      case GENTLE_CORNERING ->
          v >= 4
              ? Optional.of(
                  new Maneuver(
                      Maneuver.Type.CURVE, uniform(3, 8), uniform(0.08, 0.28) * G, side(), label))
              : Optional.empty();
      case AGGRESSIVE_LANE_CHANGE ->
          v >= 12
              ? Optional.of(
                  new Maneuver(
                      Maneuver.Type.LANE_CHANGE,
                      uniform(1.2, 2.2),
                      uniform(0.35, 0.55) * G,
                      side(),
                      label))
              : Optional.empty();
      case GENTLE_LANE_CHANGE ->
          v >= 10
              ? Optional.of(
                  new Maneuver(
                      Maneuver.Type.LANE_CHANGE,
                      uniform(3, 5),
                      uniform(0.05, 0.2) * G,
                      side(),
                      label))
              : Optional.empty();
      case COLLISION ->
          v >= 3
              ? Optional.of(
                  new Maneuver(
                      Maneuver.Type.COLLISION,
                      COLLISION_LABEL_S,
                      uniform(1.5, 10) * G,
                      uniform(0, 2 * Math.PI),
                      label))
              : Optional.empty();
      case POTHOLE ->
          v >= 3
              ? Optional.of(
                  new Maneuver(
                      Maneuver.Type.POTHOLE, uniform(0.06, 0.15), uniform(1.0, 4.0) * G, 0, label))
              : Optional.empty();
      case SPEED_BUMP ->
          v >= 2
              ? Optional.of(
                  new Maneuver(
                      Maneuver.Type.SPEED_BUMP,
                      Math.min(1.5, Math.max(0.3, 3 * vehicle.wheelbaseM() / v)),
                      uniform(0.5, 1.5) * G,
                      0,
                      label))
              : Optional.empty();
      case ROUGH_ROAD ->
          v >= 3
              ? Optional.of(
                  new Maneuver(
                      Maneuver.Type.ROUGH_ROAD,
                      uniform(5, 20),
                      uniform(0.15, 0.5) * G,
                      uniform(0, 100),
                      label))
              : Optional.empty();
      case DOOR_SLAM ->
          v < 0.01
              ? Optional.of(
                  new Maneuver(
                      Maneuver.Type.DOOR_SLAM,
                      uniform(0.06, 0.12),
                      uniform(1.0, 3.0) * G,
                      0,
                      label))
              : Optional.empty();
      case LOADING ->
          v < 0.01
              ? Optional.of(
                  new Maneuver(
                      Maneuver.Type.LOADING,
                      uniform(10, 40),
                      uniform(0.1, 0.5) * G,
                      uniform(1, 100),
                      label))
              : Optional.empty();
      case MOUNT_RATTLE ->
          v >= 5
              ? Optional.of(
                  new Maneuver(
                      Maneuver.Type.MOUNT_RATTLE,
                      uniform(2, 10),
                      uniform(0.2, 1.0) * G,
                      uniform(0, 100),
                      label))
              : Optional.empty();
      case TRAILER_SWAY ->
          v >= 15
              ? Optional.of(
                  new Maneuver(
                      Maneuver.Type.TRAILER_SWAY,
                      uniform(6, 20),
                      uniform(0.3, 0.5) * G,
                      uniform(0, 100),
                      label))
              : Optional.empty();
      case SENSOR_FAULT -> Optional.empty();
    };
  }

  /** A brake pulse that loses at most the speed there is (Hann pulse: Δv = a·T/2). */
  private Optional<Maneuver> brake(
      double v, double decel, double duration, Optional<LabelKind> label) {
    double longest = 2 * (v - 1) / decel;
    if (longest < 0.6) {
      return Optional.empty();
    }
    return Optional.of(
        new Maneuver(Maneuver.Type.SPEED_PULSE, Math.min(duration, longest), decel, -1, label));
  }

  /** What makes a due event possible: get moving, or come to a stop. */
  private Maneuver prerequisite(LabelKind kind, double v) {
    if (kind == LabelKind.DOOR_SLAM || kind == LabelKind.LOADING) {
      return stop(v, 2);
    }
    if (kind == LabelKind.HARSH_ACCELERATION || kind == LabelKind.GENTLE_ACCELERATION) {
      return brake(v, everydayG() * G, 3, Optional.empty()).orElse(cruise(2));
    }
    return cruise(5);
  }

  private Maneuver cruise(double duration) {
    double target = speedLimit * persona.cruiseSpeedFactor() * uniform(0.9, 1.05);
    return new Maneuver(Maneuver.Type.CRUISE, duration, target, 0, Optional.empty());
  }

  /** Brake at the everyday rate to a standstill from {@code v}, then wait {@code dwellS}. */
  private Maneuver stop(double v, double dwellS) {
    double decel = everydayG() * G;
    return new Maneuver(
        Maneuver.Type.STOP, 1.5 * v / decel + 1 + dwellS, decel, 0, Optional.empty());
  }

  /** The driver's everyday longitudinal acceleration in this vehicle, g. */
  private double everydayG() {
    return persona.everydayLongitudinalG() * vehicle.everydayScale();
  }

  private double side() {
    return rng.nextBoolean() ? 1 : -1;
  }

  private double uniform(double from, double to) {
    return from + (to - from) * rng.nextDouble();
  }

  private double arrivalAfter(double nowS, double perHour) {
    if (perHour <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    return nowS - Math.log(1 - rng.nextDouble()) * 3600 / perHour;
  }
}
