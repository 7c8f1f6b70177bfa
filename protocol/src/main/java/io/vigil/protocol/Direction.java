package io.vigil.protocol;

/**
 * Which way an event pushed the vehicle, in the vehicle frame (ISO 8855: x forward, y left).
 * Cornering and lane changes are {@code LEFT}/{@code RIGHT}; a collision's direction is where the
 * impact came from.
 */
public enum Direction implements WireEnum {
  LEFT,
  RIGHT,
  FRONT,
  REAR
}
