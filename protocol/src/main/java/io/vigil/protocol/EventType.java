package io.vigil.protocol;

/** The driving-safety event types an edge agent reports. */
public enum EventType implements WireEnum {
  HARSH_BRAKING,
  HARSH_ACCELERATION,
  HARSH_CORNERING,
  AGGRESSIVE_LANE_CHANGE,
  COLLISION,
  SENSOR_FAULT,
  UNKNOWN_ANOMALY
}
