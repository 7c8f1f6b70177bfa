package io.vigil.agent.detect;

import io.vigil.protocol.EventType;
import io.vigil.protocol.PeakAcceleration;
import io.vigil.protocol.Severity;

/**
 * How serious an event is, from its peak g (BRIEF §4). Harsh manoeuvres: vendors flag from about
 * 0.35–0.45 g, so below {@value #MEDIUM_G} g is low, up to {@value #HIGH_G} g medium, above high.
 * Collisions (Geotab): major from {@value #MAJOR_CRASH_G} g is critical, any other collision high.
 * Sensor faults and unknown anomalies are low: they say something about the device, not the driver.
 */
public final class SeverityRule {

  static final double MEDIUM_G = 0.45;
  static final double HIGH_G = 0.6;
  static final double MAJOR_CRASH_G = 2.5;

  private SeverityRule() {}

  public static Severity of(EventType type, PeakAcceleration peak) {
    double horizontal = Math.hypot(peak.longitudinalG(), peak.lateralG());
    return switch (type) {
      case COLLISION ->
          Math.max(horizontal, Math.abs(peak.verticalG())) >= MAJOR_CRASH_G
              ? Severity.CRITICAL
              : Severity.HIGH;
      case HARSH_BRAKING, HARSH_ACCELERATION, HARSH_CORNERING, AGGRESSIVE_LANE_CHANGE ->
          horizontal >= HIGH_G
              ? Severity.HIGH
              : horizontal >= MEDIUM_G ? Severity.MEDIUM : Severity.LOW;
      case SENSOR_FAULT, UNKNOWN_ANOMALY -> Severity.LOW;
    };
  }
}
