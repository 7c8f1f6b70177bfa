package io.vigil.agent.detect;

import io.vigil.protocol.Direction;
import io.vigil.protocol.EventType;
import io.vigil.protocol.PeakAcceleration;
import java.util.Optional;

/**
 * What the peak accelerations of an event say about its direction, and the reverse. Pure functions.
 */
final class EventShape {

  private EventShape() {}

  /**
   * Before the heading is known the horizontal axes have an arbitrary yaw, so their split into
   * longitudinal and lateral means nothing. The horizontal peak is then put on the axis and with
   * the sign the event's class implies (braking decelerates, a left turn pushes left, …).
   */
  static PeakAcceleration horizontalByClass(
      EventType type, Optional<Direction> direction, double horizontalG, PeakAcceleration peak) {
    boolean left = direction.orElse(Direction.LEFT) == Direction.LEFT;
    return switch (type) {
      case HARSH_BRAKING, COLLISION -> new PeakAcceleration(-horizontalG, 0, peak.verticalG());
      case HARSH_ACCELERATION -> new PeakAcceleration(horizontalG, 0, peak.verticalG());
      case HARSH_CORNERING, AGGRESSIVE_LANE_CHANGE ->
          new PeakAcceleration(0, left ? horizontalG : -horizontalG, peak.verticalG());
      case SENSOR_FAULT, UNKNOWN_ANOMALY -> new PeakAcceleration(horizontalG, 0, peak.verticalG());
    };
  }

  /**
   * Where an impact came from, by the dominant horizontal peak (vehicle frame): a blow from the
   * front decelerates (negative longitudinal), one from the rear accelerates, one on the left side
   * pushes the vehicle right (negative lateral). Empty when the peak is too small to tell.
   */
  static Optional<Direction> impactDirection(PeakAcceleration peak) {
    double lon = peak.longitudinalG();
    double lat = peak.lateralG();
    if (Math.hypot(lon, lat) < 0.3) {
      return Optional.empty();
    }
    if (Math.abs(lon) >= Math.abs(lat)) {
      return Optional.of(lon < 0 ? Direction.FRONT : Direction.REAR);
    }
    return Optional.of(lat < 0 ? Direction.LEFT : Direction.RIGHT);
  }
}
