package io.vigil.cloud.drift;

import java.util.Objects;

/**
 * A fleet's drift on one model version: what its vehicles' inputs look like lately, the last
 * judgement, and an open retraining suggestion if any.
 *
 * @param fleetId the fleet
 * @param modelVersion the model version its vehicles report running
 * @param observed the faded input histograms
 * @param assessment the last judgement
 * @param suggestion the open retraining suggestion, null if none
 */
public record FleetDrift(
    String fleetId,
    String modelVersion,
    ObservedInputs observed,
    DriftAssessment assessment,
    RetrainingSuggestion suggestion) {

  public FleetDrift {
    Objects.requireNonNull(fleetId, "fleetId");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(observed, "observed");
    Objects.requireNonNull(assessment, "assessment");
  }
}
