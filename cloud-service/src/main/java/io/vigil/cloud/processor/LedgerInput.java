package io.vigil.cloud.processor;

import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.Telemetry;

/**
 * One record for the {@link EventLedger} and the {@link VehicleTracker}: an event, a review
 * decision, a telemetry report or a status of a vehicle (exactly one is set), with the JSON it was
 * decoded from. Never serialised: the inputs are merged without a repartition.
 */
record LedgerInput(
    EventHeader event,
    ReviewDecision review,
    Telemetry telemetry,
    DeviceStatus status,
    String raw) {

  static LedgerInput event(EventHeader e, String raw) {
    return new LedgerInput(e, null, null, null, raw);
  }

  static LedgerInput review(ReviewDecision r) {
    return new LedgerInput(null, r, null, null, null);
  }

  static LedgerInput telemetry(Telemetry t, String raw) {
    return new LedgerInput(null, null, t, null, raw);
  }

  static LedgerInput status(DeviceStatus s, String raw) {
    return new LedgerInput(null, null, null, s, raw);
  }
}
