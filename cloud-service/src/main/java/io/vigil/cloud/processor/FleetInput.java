package io.vigil.cloud.processor;

import io.vigil.cloud.rollout.Observation;
import io.vigil.cloud.rollout.RolloutCommand;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.Telemetry;
import io.vigil.protocol.drift.FeatureBins;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One record for the fleet-keyed processors ({@link RolloutTracker}, {@link DriftTracker}), keyed
 * by fleet after a repartition: an admin's rollout command, or what a device message tells about
 * models and, for telemetry, the histograms of its inputs. Small on purpose: every status,
 * telemetry and event of every vehicle passes through the repartition topic.
 *
 * @param command an admin's rollout command, or null
 * @param observation what a device message tells about models, or null
 * @param inputs a telemetry report's input histograms, or null
 */
record FleetInput(RolloutCommand command, Observation observation, InputCounts inputs) {

  /**
   * A vehicle's input histograms from one telemetry report.
   *
   * @param vehicleId the vehicle
   * @param atMs the report's device time, epoch ms
   * @param counts histogram counts by channel wire name
   */
  record InputCounts(String vehicleId, long atMs, Map<String, long[]> counts) {}

  static FleetInput of(RolloutCommand c) {
    return new FleetInput(c, null, null);
  }

  /** The observation in a vehicle's message, if it holds one. */
  static List<FleetInput> of(LedgerInput in) {
    Observation o = null;
    InputCounts inputs = null;
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
      inputs = inputCounts(t);
    } else if (in.event() != null) {
      o = Observation.event(in.event().vehicleId(), in.event().modelVersion());
    }
    return o == null ? List.of() : List.of(new FleetInput(null, o, inputs));
  }

  /** The report's histograms over the protocol's bins; null if it has none (older agents). */
  private static InputCounts inputCounts(Telemetry t) {
    Map<String, long[]> counts = new TreeMap<>();
    for (Telemetry.FeatureStats f : t.featureStats()) {
      Optional<FeatureBins> bins = FeatureBins.of(f.name());
      if (bins.isPresent() && f.histogram().size() == bins.get().size()) {
        counts.put(f.name(), f.histogram().stream().mapToLong(Long::longValue).toArray());
      }
    }
    return counts.isEmpty()
        ? null
        : new InputCounts(t.vehicleId(), t.deviceTime().toEpochMilli(), counts);
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
