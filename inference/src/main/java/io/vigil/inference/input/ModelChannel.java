package io.vigil.inference.input;

import java.util.Locale;

/**
 * A signal an agent can put into a model's input window, by the name a model package's manifest
 * uses for it. Axes are the estimated vehicle frame (ISO 8855: x forward, y left, z up), which is
 * the device frame rotated by the agent's mounting calibration.
 */
public enum ModelChannel {
  /** Specific force along x (forward), m/s². */
  ACCEL_X("m/s2"),
  /** Specific force along y (left), m/s². */
  ACCEL_Y("m/s2"),
  /** Specific force along z (up), m/s²; reads about +9.81 at rest. */
  ACCEL_Z("m/s2"),
  /** Angular velocity about x (roll rate), rad/s. */
  GYRO_X("rad/s"),
  /** Angular velocity about y (pitch rate), rad/s. */
  GYRO_Y("rad/s"),
  /** Angular velocity about z (yaw rate, positive = turning left), rad/s. */
  GYRO_Z("rad/s"),
  /** GPS ground speed, m/s; 0 while {@link #SPEED_VALID} is 0. */
  SPEED("m/s"),
  /** 1 while a GPS speed no older than the input spec's limit is known, else 0. */
  SPEED_VALID("1"),
  /** 1 once the calibration knows the forward axis, 0 while only "up" is known. */
  HEADING_KNOWN("1");

  private final String unit;

  ModelChannel(String unit) {
    this.unit = unit;
  }

  /** Unit of the channel's values, as written in the manifest. */
  public String unit() {
    return unit;
  }

  /** Name as written in the manifest: lower case. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The channel named {@code name} in a manifest; a clear error for names this build lacks. */
  public static ModelChannel named(String name) {
    for (ModelChannel c : values()) {
      if (c.wireName().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "the model asks for input channel '" + name + "', which this agent cannot provide");
  }
}
