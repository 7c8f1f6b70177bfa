package io.vigil.simulator.drive;

import java.util.Optional;

/**
 * A planned stretch of driving. {@link MotionModel} turns it into vehicle-frame commands over its
 * duration; the label, if any, is the ground truth for that stretch.
 *
 * @param type the shape of the manoeuvre
 * @param durationS how long it lasts, seconds
 * @param amplitude peak magnitude: m/s² for accelerations, m/s for a cruise target speed
 * @param angle direction of a collision impulse in the vehicle's x-y plane, radians (0 = from the
 *     front, π/2 = from the left); for other types +1 (left/accelerate) or -1 (right/brake)
 * @param label ground truth, empty for unlabelled everyday driving
 */
public record Maneuver(
    Type type, double durationS, double amplitude, double angle, Optional<LabelKind> label) {

  /** Shapes of manoeuvres. */
  public enum Type {
    /** Hold a target speed (amplitude, m/s) with everyday accelerations. */
    CRUISE,
    /** Smooth acceleration (angle +1) or braking (angle -1) pulse of peak amplitude. */
    SPEED_PULSE,
    /** Constant-radius curve: lateral acceleration ramps to amplitude, holds, ramps out. */
    CURVE,
    /** Lateral acceleration one full sine period: out and back into a neighbouring lane. */
    LANE_CHANGE,
    /** Brake to a standstill and wait for the rest of the duration. */
    STOP,
    /** Short horizontal impulse, then hard braking; the planner follows it with a standstill. */
    COLLISION,
    /** Vertical spike of a wheel dropping into and out of a hole. */
    POTHOLE,
    /** Two vertical bumps, front and rear axle. */
    SPEED_BUMP,
    /** Sustained vertical vibration. */
    ROUGH_ROAD,
    /** Short jolt while parked. */
    DOOR_SLAM,
    /** Loading or unloading while parked: the body rocks after each item, for tens of seconds. */
    LOADING,
    /** A loose mount shaking at 8–15 Hz while driving. */
    MOUNT_RATTLE,
    /** A swaying trailer: lateral oscillation at 0.5–0.9 Hz, several periods, while driving. */
    TRAILER_SWAY
  }

  public Maneuver {
    if (!(durationS > 0)) {
      throw new IllegalArgumentException("duration must be positive");
    }
  }
}
