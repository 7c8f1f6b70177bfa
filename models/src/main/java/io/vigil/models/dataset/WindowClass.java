package io.vigil.models.dataset;

import io.vigil.protocol.Direction;
import io.vigil.protocol.EventType;
import io.vigil.simulator.drive.Label;
import io.vigil.simulator.drive.LabelKind;
import java.util.Locale;
import java.util.Optional;

/**
 * The classifier's classes, in output order. Direction-bearing manoeuvres get one class per side,
 * because a window's yaw-rate sign tells the side and the agent reports it.
 */
public enum WindowClass {
  NORMAL(null, null),
  HARSH_BRAKING(EventType.HARSH_BRAKING, null),
  HARSH_ACCELERATION(EventType.HARSH_ACCELERATION, null),
  HARSH_CORNERING_LEFT(EventType.HARSH_CORNERING, Direction.LEFT),
  HARSH_CORNERING_RIGHT(EventType.HARSH_CORNERING, Direction.RIGHT),
  AGGRESSIVE_LANE_CHANGE_LEFT(EventType.AGGRESSIVE_LANE_CHANGE, Direction.LEFT),
  AGGRESSIVE_LANE_CHANGE_RIGHT(EventType.AGGRESSIVE_LANE_CHANGE, Direction.RIGHT),
  COLLISION(EventType.COLLISION, null);

  private final EventType eventType;
  private final Direction direction;

  WindowClass(EventType eventType, Direction direction) {
    this.eventType = eventType;
    this.direction = direction;
  }

  public Optional<EventType> eventType() {
    return Optional.ofNullable(eventType);
  }

  public Optional<Direction> direction() {
    return Optional.ofNullable(direction);
  }

  /** Name in manifests and reports, lower case. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static int count() {
    return values().length;
  }

  /** The class a safety-event label stands for, or empty for every other label. */
  public static Optional<WindowClass> of(Label label) {
    boolean left = label.direction().map("left"::equalsIgnoreCase).orElse(false);
    return switch (label.kind()) {
      case HARSH_BRAKING -> Optional.of(HARSH_BRAKING);
      case HARSH_ACCELERATION -> Optional.of(HARSH_ACCELERATION);
      case HARSH_CORNERING -> Optional.of(left ? HARSH_CORNERING_LEFT : HARSH_CORNERING_RIGHT);
      case AGGRESSIVE_LANE_CHANGE ->
          Optional.of(left ? AGGRESSIVE_LANE_CHANGE_LEFT : AGGRESSIVE_LANE_CHANGE_RIGHT);
      case COLLISION -> Optional.of(COLLISION);
      default -> Optional.empty();
    };
  }

  /** The class a reviewed event type and direction stand for. */
  public static WindowClass of(EventType type, Optional<Direction> direction) {
    boolean left = direction.map(d -> d == Direction.LEFT).orElse(false);
    return switch (type) {
      case HARSH_BRAKING -> HARSH_BRAKING;
      case HARSH_ACCELERATION -> HARSH_ACCELERATION;
      case HARSH_CORNERING -> left ? HARSH_CORNERING_LEFT : HARSH_CORNERING_RIGHT;
      case AGGRESSIVE_LANE_CHANGE ->
          left ? AGGRESSIVE_LANE_CHANGE_LEFT : AGGRESSIVE_LANE_CHANGE_RIGHT;
      case COLLISION -> COLLISION;
      case SENSOR_FAULT, UNKNOWN_ANOMALY -> NORMAL;
    };
  }

  /** Whether {@code kind} is a hard negative: road and handling shocks that are not events. */
  public static boolean isHardNegative(LabelKind kind) {
    return switch (kind) {
      case POTHOLE, SPEED_BUMP, ROUGH_ROAD, DOOR_SLAM, LOADING, MOUNT_RATTLE, TRAILER_SWAY -> true;
      default -> false;
    };
  }
}
