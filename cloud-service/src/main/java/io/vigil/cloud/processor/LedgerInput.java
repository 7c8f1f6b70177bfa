package io.vigil.cloud.processor;

import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.Telemetry;

/**
 * One record for the {@link EventLedger}: an event, a review decision or a telemetry report of a
 * vehicle (exactly one is set). Never serialised: the three inputs are merged without a
 * repartition.
 */
record LedgerInput(SafetyEvent event, ReviewDecision review, Telemetry telemetry, String raw) {

  static LedgerInput event(SafetyEvent e, String raw) {
    return new LedgerInput(e, null, null, raw);
  }

  static LedgerInput review(ReviewDecision r) {
    return new LedgerInput(null, r, null, null);
  }

  static LedgerInput telemetry(Telemetry t) {
    return new LedgerInput(null, null, t, null);
  }
}
