package io.vigil.cloud.drift;

/** How far a fleet's inputs have moved from its model's training inputs. */
public enum DriftLevel {
  /** The model's package has no drift reference in the registry. */
  NO_REFERENCE,
  /** Too few inputs counted yet to judge. */
  INSUFFICIENT,
  /** Every channel's index below {@link io.vigil.protocol.drift.StabilityIndex#MODERATE}. */
  NONE,
  /** Some channel's index at least moderate, none at the alert level. */
  MODERATE,
  /** Some channel's index at or above the alert level: retraining is suggested. */
  SIGNIFICANT
}
