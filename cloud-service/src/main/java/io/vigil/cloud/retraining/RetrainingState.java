package io.vigil.cloud.retraining;

/** Where a retraining job stands. */
public enum RetrainingState {
  /** Asked for by an admin; waits for the trainer. */
  REQUESTED,
  /** The trainer works on it. */
  RUNNING,
  /** The candidate passed the gate and is in the registry. */
  PUBLISHED,
  /** The gate refused the candidate; its comparison is kept with the job. */
  REJECTED,
  /** The job could not finish (no samples, a missing scenario, the trainer stopped...). */
  FAILED;

  /** Whether the job is still to run or running: only one may be at a time. */
  public boolean live() {
    return this == REQUESTED || this == RUNNING;
  }
}
