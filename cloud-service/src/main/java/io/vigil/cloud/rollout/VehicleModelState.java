package io.vigil.cloud.rollout;

/**
 * What the rollout knows of one vehicle: the model its status reports and, if it belongs to a
 * rollout's cohort, which one.
 *
 * @param modelVersion the active model its latest status reports, null before any
 * @param updateState the state of its latest model update (wire name: active, shadow, failed, ...),
 *     null before any
 * @param updateVersion the version that update is about, null if none
 * @param cohortOf the id of the rollout whose cohort it joined, null if none
 */
public record VehicleModelState(
    String modelVersion, String updateState, String updateVersion, String cohortOf) {

  static final VehicleModelState UNKNOWN = new VehicleModelState(null, null, null, null);

  boolean inCohortOf(Rollout r) {
    return r != null && r.rolloutId().equals(cohortOf);
  }

  public VehicleModelState joining(String rolloutId) {
    return new VehicleModelState(modelVersion, updateState, updateVersion, rolloutId);
  }

  VehicleModelState reporting(String modelVersion, String updateState, String updateVersion) {
    return new VehicleModelState(modelVersion, updateState, updateVersion, cohortOf);
  }

  /** Whether it reports {@code version} as active, or, in shadow, as its shadow. */
  boolean runs(String version, boolean shadow) {
    if (shadow) {
      return "shadow".equals(updateState) && version.equals(updateVersion);
    }
    return version.equals(modelVersion);
  }

  /** Whether it reports that installing {@code version} failed. */
  boolean failedToInstall(String version) {
    return "failed".equals(updateState) && version.equals(updateVersion);
  }
}
