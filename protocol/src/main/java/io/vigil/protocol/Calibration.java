package io.vigil.protocol;

import java.util.Objects;

/**
 * How well an agent knows its mounting orientation (BRIEF §4: gravity gives down, speed changes
 * give forward).
 *
 * @param state how far calibration has come
 * @param confidence confidence in the current estimate, 0..1
 */
public record Calibration(State state, double confidence) {

  public Calibration {
    Objects.requireNonNull(state, "state");
  }

  /** Calibration progress. */
  public enum State implements WireEnum {
    /** Nothing known yet. */
    UNKNOWN,
    /** Vertical axis known from gravity; heading unknown. */
    GRAVITY_ONLY,
    /** Vertical and forward axes known. */
    CONVERGED
  }
}
