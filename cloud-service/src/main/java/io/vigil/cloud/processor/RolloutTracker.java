package io.vigil.cloud.processor;

import io.vigil.cloud.registry.RegisteredModel;
import io.vigil.cloud.rollout.CanaryBounds;
import io.vigil.cloud.rollout.DownlinkMessage;
import io.vigil.cloud.rollout.DownlinkMessages;
import io.vigil.cloud.rollout.Rollout;
import io.vigil.cloud.rollout.RolloutMachine;
import io.vigil.cloud.rollout.VehicleModelState;
import io.vigil.protocol.json.ProtocolCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each fleet's rollout ({@value SafetyTopology#ROLLOUT_STORE}, by fleet) and knows which model
 * each vehicle reports ({@value SafetyTopology#ROLLOUT_VEHICLE_STORE}, by {@code fleet/vehicle}),
 * applying {@link RolloutMachine} to admins' commands and device messages; what a step sends to the
 * devices goes to {@value SafetyTopology#DOWNLINK} in the same exactly-once transaction as the
 * state change, so a crash can neither lose a step's messages nor send them for a step not taken.
 */
final class RolloutTracker implements Processor<String, FleetInput, String, DownlinkMessage> {

  private static final Logger LOG = LoggerFactory.getLogger(RolloutTracker.class);
  private static final StringSerializer STRINGS = new StringSerializer();

  private final CanaryBounds bounds;
  private final ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
  private ProcessorContext<String, DownlinkMessage> context;
  private KeyValueStore<String, Rollout> rollouts;
  private KeyValueStore<String, VehicleModelState> vehicles;
  private TimestampedKeyValueStore<String, RegisteredModel> registry;

  RolloutTracker(CanaryBounds bounds) {
    this.bounds = bounds;
  }

  @Override
  public void init(ProcessorContext<String, DownlinkMessage> context) {
    this.context = context;
    rollouts = context.getStateStore(SafetyTopology.ROLLOUT_STORE);
    vehicles = context.getStateStore(SafetyTopology.ROLLOUT_VEHICLE_STORE);
    registry = context.getStateStore(SafetyTopology.REGISTRY_STORE);
  }

  @Override
  public void process(Record<String, FleetInput> record) {
    String fleet = record.key();
    FleetInput in = record.value();
    if (fleet == null || in == null) {
      return;
    }
    Rollout r = rollouts.get(fleet);
    if (in.command() != null) {
      String model = in.command().model() != null ? in.command().model() : modelOf(r);
      RolloutMachine.Step s =
          RolloutMachine.command(r, in.command(), fleet, vehicles(fleet), registered(model));
      s.refusal()
          .ifPresent(
              why ->
                  LOG.warn(
                      "rollout command {} for fleet {} refused: {}",
                      in.command().commandId(),
                      fleet,
                      why));
      apply(fleet, r, s, in.command().issuedAt());
      return;
    }
    if (in.observation() == null) {
      return;
    }
    String key = FleetScoped.id(fleet, in.observation().vehicleId());
    VehicleModelState was = vehicles.get(key);
    RolloutMachine.Observed o = RolloutMachine.observe(r, was, in.observation());
    if (!o.vehicle().equals(was)) {
      vehicles.put(key, o.vehicle());
    }
    if (o.rollout() == r) {
      return;
    }
    Instant at = Instant.ofEpochMilli(record.timestamp());
    if (RolloutMachine.breach(o.rollout(), bounds).isPresent()) {
      Optional<RolloutMachine.Step> s =
          RolloutMachine.judge(o.rollout(), vehicles(fleet), bounds, registered(modelOf(r)), at);
      if (s.isPresent()) {
        LOG.warn(
            "rollout of {} in fleet {}: {}",
            o.rollout().candidate(),
            fleet,
            s.get().rollout().history().get(s.get().rollout().history().size() - 1).reason());
        apply(fleet, r, s.get(), at);
        return;
      }
    }
    rollouts.put(fleet, o.rollout());
  }

  private void apply(String fleet, Rollout before, RolloutMachine.Step s, Instant at) {
    Rollout r = s.rollout() != null ? s.rollout() : before;
    List<DownlinkMessage> messages = List.of();
    if (!s.downlinks().isEmpty()) {
      try {
        messages =
            DownlinkMessages.render(
                fleet,
                r.rolloutId(),
                s.downlinks(),
                version -> model(r.model(), version),
                codec,
                at);
      } catch (IllegalStateException e) {
        // A package the step needs is gone from the registry: the step is not taken.
        LOG.error("rollout of fleet {}: step not taken: {}", fleet, e.getMessage());
        if (before != null && s.rollout() != null) {
          rollouts.put(fleet, before.answering(s.rollout().lastCommandId(), e.getMessage()));
        }
        return;
      }
    }
    if (s.rollout() != null) {
      rollouts.put(fleet, s.rollout());
    }
    for (String v : s.joined()) {
      String key = FleetScoped.id(fleet, v);
      vehicles.put(key, vehicles.get(key).joining(s.rollout().rolloutId()));
    }
    for (DownlinkMessage m : messages) {
      context.forward(new Record<>(fleet, m, at.toEpochMilli()));
    }
  }

  private Predicate<String> registered(String model) {
    return version -> model != null && model(model, version).isPresent();
  }

  private Optional<RegisteredModel> model(String name, String version) {
    return Optional.ofNullable(
        ValueAndTimestamp.getValueOrNull(registry.get(RegisteredModel.key(name, version))));
  }

  private static String modelOf(Rollout r) {
    return r == null ? null : r.model();
  }

  /** The fleet's vehicles as the rollout knows them, by id. */
  private SortedMap<String, VehicleModelState> vehicles(String fleet) {
    String prefix = FleetScoped.prefix(fleet);
    SortedMap<String, VehicleModelState> out = new TreeMap<>();
    try (KeyValueIterator<String, VehicleModelState> it = vehicles.prefixScan(prefix, STRINGS)) {
      while (it.hasNext()) {
        KeyValue<String, VehicleModelState> kv = it.next();
        out.put(kv.key.substring(prefix.length()), kv.value);
      }
    }
    return out;
  }
}
