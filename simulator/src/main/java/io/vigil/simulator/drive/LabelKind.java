package io.vigil.simulator.drive;

import java.util.Locale;

/**
 * What a label marks. The first group are the safety events an agent must report; {@code GENTLE_*}
 * are the same manoeuvres below threshold; the rest are hard negatives that fixed g thresholds get
 * wrong, and sensor faults.
 */
public enum LabelKind {
  HARSH_BRAKING,
  HARSH_ACCELERATION,
  HARSH_CORNERING,
  AGGRESSIVE_LANE_CHANGE,
  COLLISION,
  GENTLE_BRAKING,
  GENTLE_ACCELERATION,
  GENTLE_CORNERING,
  GENTLE_LANE_CHANGE,
  POTHOLE,
  SPEED_BUMP,
  ROUGH_ROAD,
  DOOR_SLAM,
  LOADING,
  MOUNT_RATTLE,
  SENSOR_FAULT,
  /**
   * A towed trailer swaying the vehicle from side to side. Not in {@link EventRates#typical()}: the
   * condition a fleet that starts towing brings, which the shipped model never trained on. Last, so
   * that adding it changed no scenario's random draws.
   */
  TRAILER_SWAY;

  /** Name as written in {@code labels.csv}: lower case. */
  public String csvName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether an agent must report this as a safety event. */
  public boolean isSafetyEvent() {
    return ordinal() <= COLLISION.ordinal();
  }

  public static LabelKind fromCsv(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
