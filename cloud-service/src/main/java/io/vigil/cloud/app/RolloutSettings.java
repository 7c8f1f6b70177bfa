package io.vigil.cloud.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.vigil.cloud.rollout.CanaryBounds;

/**
 * How far a canary may depart from its control group before the rollout rolls it back (or pauses
 * it) on its own ({@code vigil.rollout.*}).
 *
 * @param minWindows windows the canary and the control group must each have classified before their
 *     event rates are compared (default 2000, about 17 minutes of one vehicle)
 * @param minEvents canary events needed before its event rate can breach (default 10)
 * @param maxEventRatio largest accepted ratio of the canary's event rate to the control group's
 *     (default 2.0)
 * @param minEventRatio smallest accepted ratio of the canary's event rate to the control group's,
 *     judged once the control group's rate predicts {@code minEvents} canary events (default 0.2; 0
 *     disables it)
 * @param maxFailedShare largest accepted share of cohort vehicles that failed to install the
 *     candidate (default 0.2)
 * @param onBreach rollback or pause (default rollback)
 */
@ConfigurationProperties("vigil.rollout")
public record RolloutSettings(
    @Bindable(defaultValue = "2000") long minWindows,
    @Bindable(defaultValue = "10") long minEvents,
    @Bindable(defaultValue = "2.0") double maxEventRatio,
    @Bindable(defaultValue = "0.2") double minEventRatio,
    @Bindable(defaultValue = "0.2") double maxFailedShare,
    @Bindable(defaultValue = "rollback") String onBreach) {

  /** The bounds; fails naming the setting that is out of range. */
  public CanaryBounds bounds() {
    CanaryBounds.OnBreach action;
    try {
      action = CanaryBounds.OnBreach.valueOf(onBreach.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "vigil.rollout.on-breach must be rollback or pause, not '" + onBreach + "'");
    }
    try {
      return new CanaryBounds(
          minWindows, minEvents, maxEventRatio, minEventRatio, maxFailedShare, action);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("vigil.rollout: " + e.getMessage(), e);
    }
  }
}
