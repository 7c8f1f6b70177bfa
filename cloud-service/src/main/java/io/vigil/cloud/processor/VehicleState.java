package io.vigil.cloud.processor;

/**
 * What the processor knows of a vehicle right now ({@value SafetyTopology#VEHICLE_STORE}, by {@code
 * fleet/vehicle}): its latest status and telemetry as the agent published them, and when it sent
 * them and its latest event (device clock, epoch ms; 0 for never).
 *
 * @param status the latest status JSON (online/offline, agent and model version, calibration), null
 *     before the first one
 * @param statusMs its device time
 * @param telemetry the latest telemetry JSON (driver, trip, outbox, calibration), null before the
 *     first one
 * @param telemetryMs its device time
 * @param lastEventMs the device time of its latest event
 */
public record VehicleState(
    String status, long statusMs, String telemetry, long telemetryMs, long lastEventMs) {

  static final VehicleState UNSEEN = new VehicleState(null, 0, null, 0, 0);

  /** When the vehicle was last heard of, epoch ms. */
  public long lastSeenMs() {
    return Math.max(statusMs, Math.max(telemetryMs, lastEventMs));
  }
}
