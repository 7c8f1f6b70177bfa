package io.vigil.cloud.processor;

import io.vigil.cloud.drift.DriftMonitor;
import io.vigil.cloud.drift.DriftRule;
import io.vigil.cloud.drift.FleetDrift;
import io.vigil.cloud.registry.RegisteredModel;
import io.vigil.cloud.rollout.VehicleModelState;
import io.vigil.protocol.drift.DriftReference;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each fleet's input drift per model version ({@value SafetyTopology#DRIFT_STORE}, by {@code
 * fleet/version}) with {@link DriftMonitor}: a telemetry report's histograms count for the model
 * version its vehicle's status last reported ({@value SafetyTopology#ROLLOUT_VEHICLE_STORE}, which
 * the {@link RolloutTracker} before it keeps), and are compared with that version's drift reference
 * from the registry. Reports of a vehicle whose model is not known yet are not counted.
 */
final class DriftTracker implements Processor<String, FleetInput, Void, Void> {

  private static final Logger LOG = LoggerFactory.getLogger(DriftTracker.class);

  /** How long a version without a reference is not looked up again, ns. */
  private static final long MISS_RETRY_NS = 30_000_000_000L;

  private final DriftRule rule;
  private final DriftGauges gauges;
  private final Map<String, Optional<DriftReference>> references = new HashMap<>();
  private final Map<String, Long> missedAt = new HashMap<>();
  private final Map<String, FleetDrift> tracked = new HashMap<>();
  private KeyValueStore<String, FleetDrift> drift;
  private KeyValueStore<String, VehicleModelState> vehicles;
  private TimestampedKeyValueStore<String, RegisteredModel> registry;

  DriftTracker(DriftRule rule, DriftGauges gauges) {
    this.rule = rule;
    this.gauges = gauges;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    drift = context.getStateStore(SafetyTopology.DRIFT_STORE);
    vehicles = context.getStateStore(SafetyTopology.ROLLOUT_VEHICLE_STORE);
    registry = context.getStateStore(SafetyTopology.REGISTRY_STORE);
  }

  @Override
  public void process(Record<String, FleetInput> record) {
    String fleet = record.key();
    FleetInput in = record.value();
    if (fleet == null || in == null || in.inputs() == null) {
      return;
    }
    VehicleModelState v = vehicles.get(FleetScoped.id(fleet, in.inputs().vehicleId()));
    if (v == null || v.modelVersion() == null) {
      return;
    }
    String key = FleetScoped.id(fleet, v.modelVersion());
    FleetDrift was = drift.get(key);
    FleetDrift now =
        DriftMonitor.observe(
            was,
            fleet,
            v.modelVersion(),
            in.inputs().counts(),
            in.inputs().atMs(),
            reference(v.modelVersion()),
            rule);
    drift.put(key, now);
    tracked.put(key, now);
    gauges.update(now);
    if (now.suggestion() != null && (was == null || was.suggestion() == null)) {
      LOG.warn("fleet {}: retraining suggested: {}", fleet, now.suggestion().reason());
    }
  }

  /** The version's drift reference; a bad document is logged once and counts as none. */
  private Optional<DriftReference> reference(String version) {
    Optional<DriftReference> known = references.get(version);
    if (known != null && known.isPresent()) {
      return known;
    }
    Long missed = missedAt.get(version);
    if (missed != null && System.nanoTime() - missed < MISS_RETRY_NS) {
      return Optional.empty();
    }
    RegisteredModel m =
        ValueAndTimestamp.getValueOrNull(registry.get(RegisteredModel.key(rule.model(), version)));
    Optional<DriftReference> found = Optional.empty();
    if (m != null) {
      try {
        found = m.driftReference();
      } catch (IllegalArgumentException e) {
        LOG.warn("{} {}: drift reference not usable: {}", rule.model(), version, e.getMessage());
      }
    }
    references.put(version, found);
    if (found.isEmpty()) {
      missedAt.put(version, System.nanoTime());
    }
    return found;
  }

  @Override
  public void close() {
    gauges.forget(new HashSet<>(tracked.values()));
    tracked.clear();
  }
}
