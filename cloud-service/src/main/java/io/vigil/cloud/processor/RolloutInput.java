package io.vigil.cloud.processor;

import io.vigil.cloud.rollout.Observation;
import io.vigil.cloud.rollout.RolloutCommand;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.Telemetry;
import java.util.List;

/**
 * One record for the {@link RolloutTracker}, keyed by fleet after a repartition: an admin's command
 * or what a device message tells about models (exactly one is set). Small on purpose: every status,
 * telemetry and event of every vehicle passes through the repartition topic.
 *
 * @param command an admin's command
 * @param observation what a device message tells
 */
record RolloutInput(RolloutCommand command, Observation observation) {

  static RolloutInput of(RolloutCommand c) {
    return new RolloutInput(c, null);
  }

  /** The observation in a vehicle's message, if it holds one. */
  static List<RolloutInput> of(LedgerInput in) {
    Observation o = null;
    if (in.status() != null) {
      DeviceStatus s = in.status();
      o =
          Observation.status(
              s.vehicleId(),
              s.modelVersion().orElse(null),
              s.modelUpdate().map(u -> u.state().wireName()).orElse(null),
              s.modelUpdate().flatMap(DeviceStatus.ModelUpdate::version).orElse(null));
    } else if (in.telemetry() != null) {
      Telemetry t = in.telemetry();
      long windows = t.inference().map(Telemetry.Inference::windows).orElse(0L);
      o =
          t.shadow()
              .map(
                  sh ->
                      Observation.telemetry(
                          t.vehicleId(),
                          windows,
                          sh.modelVersion(),
                          sh.windows(),
                          sh.agreeingWindows(),
                          sh.activeEvents(),
                          sh.shadowEvents()))
              .orElseGet(() -> Observation.telemetry(t.vehicleId(), windows, null, 0, 0, 0, 0));
    } else if (in.event() != null) {
      o = Observation.event(in.event().vehicleId(), in.event().modelVersion());
    }
    return o == null ? List.of() : List.of(new RolloutInput(null, o));
  }

  /** The fleet of a vehicle message (the key after the repartition). */
  static String fleetOf(LedgerInput in) {
    if (in.status() != null) {
      return in.status().fleetId();
    }
    if (in.telemetry() != null) {
      return in.telemetry().fleetId();
    }
    return in.event().fleetId();
  }
}
