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
