package io.vigil.cloud.rollout;

/**
 * How far a canary may depart from its control group before the rollout acts on its own.
 *
 * @param minWindows windows each group must have classified before event rates are compared
 * @param minEvents canary events needed before its event rate can breach (a handful of events is
 *     noise)
 * @param maxEventRatio largest accepted ratio of the canary's event rate to the control group's
 * @param minEventRatio smallest accepted ratio of the canary's event rate to the control group's,
 *     judged once the control group's rate predicts {@code minEvents} canary events; catches a
 *     candidate that has gone silent (0 disables it)
 * @param maxFailedShare largest accepted share of cohort vehicles that failed to install the
 *     candidate
 * @param onBreach what happens when a bound is crossed
 */
public record CanaryBounds(
    long minWindows,
    long minEvents,
    double maxEventRatio,
    double minEventRatio,
    double maxFailedShare,
    OnBreach onBreach) {

  public CanaryBounds {
    if (minWindows < 1 || minEvents < 1) {
      throw new IllegalArgumentException("min-windows and min-events must be at least 1");
    }
    if (!(maxEventRatio >= 1)) {
      throw new IllegalArgumentException(
          "max-event-ratio must be at least 1, not " + maxEventRatio);
    }
    if (!(minEventRatio >= 0 && minEventRatio < 1)) {
      throw new IllegalArgumentException("min-event-ratio must be in [0, 1), not " + minEventRatio);
    }
    if (!(maxFailedShare >= 0 && maxFailedShare <= 1)) {
      throw new IllegalArgumentException("max-failed-share must be in 0..1, not " + maxFailedShare);
    }
  }

  /** What a breached canary does. */
  public enum OnBreach {
    /** Take the candidate back from the cohort at once. */
    ROLLBACK,
    /** Hold the rollout for an admin to decide. */
    PAUSE
  }
}
