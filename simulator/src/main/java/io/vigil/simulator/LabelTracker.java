package io.vigil.simulator;

import io.vigil.simulator.drive.Label;
import io.vigil.simulator.drive.LabelKind;
import io.vigil.simulator.drive.Maneuver;
import java.util.Optional;

/** Collects the peaks of one labelled manoeuvre while it runs. */
final class LabelTracker {

  private static final double G = 9.80665;
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
