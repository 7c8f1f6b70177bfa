package io.vigil.cloud.rollout;

import java.util.Objects;

/**
 * What the rollout learns from one device message: a status (which model the vehicle runs, how its
 * update went), a telemetry report (windows classified and the shadow comparison) or an event
 * (which model detected it).
 *
 * @param vehicleId the vehicle
 * @param kind which message it came from
 * @param modelVersion status: active model; event: the model that detected it; null otherwise
 * @param updateState status: state of the latest model update (wire name), else null
 * @param updateVersion status: the version that update is about, else null
 * @param windows telemetry: windows classified since the last report
 * @param shadowVersion telemetry: the model running in shadow, null if none
 * @param shadowWindows telemetry: windows both models classified
 * @param shadowAgreeing telemetry: of them, windows on which they agreed
 * @param activeEvents telemetry: events of the active model meanwhile
 * @param shadowEvents telemetry: events the shadow would have detected
 */
public record Observation(
    String vehicleId,
    Kind kind,
    String modelVersion,
    String updateState,
    String updateVersion,
    long windows,
    String shadowVersion,
    long shadowWindows,
    long shadowAgreeing,
    long activeEvents,
    long shadowEvents) {

  public Observation {
    Objects.requireNonNull(vehicleId, "vehicleId");
    Objects.requireNonNull(kind, "kind");
  }

  /** Which device message an observation came from. */
  public enum Kind {
    STATUS,
    TELEMETRY,
    EVENT
  }

  public static Observation status(
      String vehicleId, String modelVersion, String updateState, String updateVersion) {
    return new Observation(
        vehicleId, Kind.STATUS, modelVersion, updateState, updateVersion, 0, null, 0, 0, 0, 0);
  }

  public static Observation event(String vehicleId, String modelVersion) {
    return new Observation(vehicleId, Kind.EVENT, modelVersion, null, null, 0, null, 0, 0, 0, 0);
  }

  public static Observation telemetry(
      String vehicleId,
      long windows,
      String shadowVersion,
      long shadowWindows,
      long shadowAgreeing,
      long activeEvents,
      long shadowEvents) {
    return new Observation(
        vehicleId,
        Kind.TELEMETRY,
        null,
        null,
        null,
        windows,
        shadowVersion,
        shadowWindows,
        shadowAgreeing,
        activeEvents,
        shadowEvents);
  }
}
