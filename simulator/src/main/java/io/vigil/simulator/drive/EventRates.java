package io.vigil.simulator.drive;

import java.util.EnumMap;
import java.util.Map;

/**
 * How often each labelled manoeuvre or hard negative happens, per hour of driving, for a driver of
 * the {@link DriverPersona#NORMAL} persona; harsh rates scale with a persona's {@code harshShare}.
 * Stops (intersections, traffic) are unlabelled and have their own rate.
 *
 * @param perHour rate of each label kind, events per hour
 * @param stopsPerHour standstills per hour (intersections, traffic lights)
 */
public record EventRates(Map<LabelKind, Double> perHour, double stopsPerHour) {

  public EventRates {
    perHour = Map.copyOf(perHour);
    perHour.forEach(
        (kind, rate) -> {
          if (!(rate >= 0)) {
            throw new IllegalArgumentException("rate of " + kind.csvName() + " must be ≥ 0");
          }
        });
    if (!(stopsPerHour >= 0)) {
      throw new IllegalArgumentException("stopsPerHour must be ≥ 0");
    }
  }

  /** Everyday fleet driving: a few harsh events per hour, many gentle ones, some bad road. */
  public static EventRates typical() {
    Map<LabelKind, Double> r = new EnumMap<>(LabelKind.class);
    r.put(LabelKind.HARSH_BRAKING, 2.0);
    r.put(LabelKind.HARSH_ACCELERATION, 1.5);
    r.put(LabelKind.HARSH_CORNERING, 1.5);
    r.put(LabelKind.AGGRESSIVE_LANE_CHANGE, 1.0);
    r.put(LabelKind.COLLISION, 0.05);
    r.put(LabelKind.GENTLE_BRAKING, 30.0);
    r.put(LabelKind.GENTLE_ACCELERATION, 30.0);
    r.put(LabelKind.GENTLE_CORNERING, 40.0);
    r.put(LabelKind.GENTLE_LANE_CHANGE, 10.0);
    r.put(LabelKind.POTHOLE, 6.0);
    r.put(LabelKind.SPEED_BUMP, 4.0);
    r.put(LabelKind.ROUGH_ROAD, 2.0);
    r.put(LabelKind.DOOR_SLAM, 1.0);
    r.put(LabelKind.LOADING, 0.5);
    r.put(LabelKind.MOUNT_RATTLE, 1.0);
    r.put(LabelKind.SENSOR_FAULT, 0.5);
    return new EventRates(r, 20.0);
  }

  /** The rate of {@code kind} for {@code persona}, per hour. */
  public double rate(LabelKind kind, DriverPersona persona) {
    double base = perHour.getOrDefault(kind, 0.0);
    boolean harsh = kind.isSafetyEvent() && kind != LabelKind.COLLISION;
    return harsh ? base * persona.harshShare() / DriverPersona.NORMAL.harshShare() : base;
  }
}
