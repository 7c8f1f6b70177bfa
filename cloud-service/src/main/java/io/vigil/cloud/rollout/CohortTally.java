package io.vigil.cloud.rollout;

/**
 * What one group of a rollout's vehicles did since the rollout began: the canary cohort on the
 * candidate, or the control group on the baseline.
 *
 * @param vehicles vehicles in the group when it was formed
 * @param reporting of them, those whose status reports the group's model (candidate: active, or in
 *     shadow during the shadow stage)
 * @param failed of them, those whose status reports that installing the candidate failed
 * @param windows windows the group classified on its model, from telemetry
 * @param events events the group's model detected
 */
public record CohortTally(int vehicles, int reporting, int failed, long windows, long events) {

  static CohortTally of(int vehicles) {
    return new CohortTally(vehicles, 0, 0, 0, 0);
  }

  /** Events per 1000 windows, or 0 before any window. */
  public double eventsPerThousandWindows() {
    return windows == 0 ? 0 : 1000.0 * events / windows;
  }

  CohortTally plus(int reporting, int failed, long windows, long events) {
    return new CohortTally(
        vehicles,
        this.reporting + reporting,
        this.failed + failed,
        this.windows + windows,
        this.events + events);
  }
}
