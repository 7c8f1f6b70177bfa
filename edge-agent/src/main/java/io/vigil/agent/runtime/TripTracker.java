package io.vigil.agent.runtime;

import io.vigil.protocol.Telemetry;
import java.time.Instant;

/**
 * Distance and state of a vehicle's trip from its GPS speed: distance is the speed integrated over
 * time between fixes (gaps longer than {@value #MAX_FIX_GAP_S} s are not bridged), the trip starts
 * with the first fix and ends when {@link #end()} is called. Distance is the denominator of the
 * safety scores, so it is counted conservatively.
 */
final class TripTracker {

  static final double MAX_FIX_GAP_S = 5;

  private final String tripId;
  private final Instant startedAt;
  private long firstNs = Long.MIN_VALUE;
  private long lastNs = Long.MIN_VALUE;
  private double lastSpeed;
  private double distanceM;
  private boolean ended;

  TripTracker(String tripId, Instant startedAt) {
    this.tripId = tripId;
    this.startedAt = startedAt;
  }

  void gps(long tNs, double speedMps) {
    if (lastNs != Long.MIN_VALUE) {
      double dt = (tNs - lastNs) / 1e9;
      if (dt > 0 && dt <= MAX_FIX_GAP_S) {
        distanceM += dt * (lastSpeed + speedMps) / 2;
      }
    } else {
      firstNs = tNs;
    }
    lastNs = tNs;
    lastSpeed = speedMps;
  }

  void end() {
    ended = true;
  }

  Telemetry.Trip snapshot() {
    double duration = firstNs == Long.MIN_VALUE ? 0 : (lastNs - firstNs) / 1e9;
    Telemetry.TripState state =
        ended
            ? Telemetry.TripState.ENDED
            : distanceM > 0 ? Telemetry.TripState.DRIVING : Telemetry.TripState.STARTED;
    return new Telemetry.Trip(
        tripId,
        state,
        startedAt,
        Math.round(distanceM * 10) / 10.0,
        Math.round(duration * 10) / 10.0);
  }
}
