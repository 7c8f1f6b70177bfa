package io.vigil.cloud.rollout;

/**
 * Where a fleet's rollout of a candidate model stands. Shadow: the candidate runs beside the active
 * model on a cohort of vehicles and only reports how often it agrees. Canary: the cohort runs it as
 * the active model while the rest of the fleet, the control group, keeps the baseline. Fleet: every
 * vehicle runs it; the rollout is complete. Rolled back: the cohort (or fleet) went back to the
 * baseline.
 */
public enum RolloutStage {
  SHADOW,
  CANARY,
  FLEET,
  ROLLED_BACK;

  /** Whether the rollout is still under way (a cohort is being watched). */
  public boolean live() {
    return this == SHADOW || this == CANARY;
  }
}
