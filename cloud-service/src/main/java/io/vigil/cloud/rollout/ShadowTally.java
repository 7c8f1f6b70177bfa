package io.vigil.cloud.rollout;

/**
 * How the candidate, running in shadow on the cohort, compared with the active model, summed from
 * the cohort's telemetry.
 *
 * @param windows windows both models classified
 * @param agreeing of them, windows on which both chose the same class
 * @param activeEvents events the active model detected meanwhile
 * @param shadowEvents events the candidate would have detected
 */
public record ShadowTally(long windows, long agreeing, long activeEvents, long shadowEvents) {

  static final ShadowTally NONE = new ShadowTally(0, 0, 0, 0);

  /** Share of windows on which the models agreed, or 1 before any window. */
  public double agreement() {
    return windows == 0 ? 1 : (double) agreeing / windows;
  }

  ShadowTally plus(long windows, long agreeing, long activeEvents, long shadowEvents) {
    return new ShadowTally(
        this.windows + windows,
        this.agreeing + agreeing,
        this.activeEvents + activeEvents,
        this.shadowEvents + shadowEvents);
  }
}
