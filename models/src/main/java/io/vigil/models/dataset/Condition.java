package io.vigil.models.dataset;

/**
 * What the agent knows when a window is made: whether its calibration found the forward axis, and
 * whether GPS speed reaches it. Training mixes all four; the report scores each.
 */
public enum Condition {
  CALIBRATED(true, true),
  HEADING_UNKNOWN(false, true),
  NO_GPS(true, false),
  NOTHING_KNOWN(false, false);

  private final boolean headingKnown;
  private final boolean gps;

  Condition(boolean headingKnown, boolean gps) {
    this.headingKnown = headingKnown;
    this.gps = gps;
  }

  /** The condition of a trip whose frame has (or lacks) a heading and that has (or lacks) GPS. */
  public static Condition of(boolean headingKnown, boolean gps) {
    for (Condition c : values()) {
      if (c.headingKnown == headingKnown && c.gps == gps) {
        return c;
      }
    }
    throw new AssertionError("all four combinations exist");
  }

  public boolean headingKnown() {
    return headingKnown;
  }

  public boolean gps() {
    return gps;
  }

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
