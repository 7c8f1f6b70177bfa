package io.vigil.cloud.processor;

import io.vigil.cloud.drift.FleetDrift;
import io.vigil.cloud.processor.TallyKey.Kind;
import io.vigil.cloud.registry.RegisteredModel;
import io.vigil.cloud.retraining.RetrainingJob;
import io.vigil.cloud.rollout.Rollout;
import io.vigil.cloud.rollout.VehicleModelState;
import io.vigil.cloud.score.Tally;
import io.vigil.protocol.topic.DeviceAddress;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The processor's state as one instance sees it: reads of its local stores (each instance holds the
 * partitions assigned to it), and which instance holds a given vehicle's or entity's state, so the
 * API can route a query there or gather a fleet-wide answer from every instance. Kafka Streams
 * types stay in here; reads fail with {@link StoresUnavailableException} while stores migrate.
 */
public final class ProcessorStores {

  /**
   * Where a key's state lives.
   *
   * @param local whether on this instance
   * @param hostPort the owning instance's {@code host:port} (its {@code application.server})
   */
  public record Placement(boolean local, String hostPort) {}

  private static final StringSerializer STRINGS = new StringSerializer();

  private final KafkaStreams streams;
  private final HostInfo self;

  public ProcessorStores(KafkaStreams streams, String selfHostPort) {
    this.streams = streams;
    this.self = HostInfo.buildFromEndpoint(selfHostPort);
  }

  /** Whether the stores can be read now (not while starting or rebalancing). */
  public boolean running() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  /** The instance that holds a vehicle's events and state. */
  public Placement ofVehicle(String fleetId, String vehicleId) {
    return place(
        streams.queryMetadataForKey(
            SafetyTopology.VEHICLE_STORE,
            new DeviceAddress(fleetId, vehicleId).clientId(),
            STRINGS));
  }

  /** The instance that holds a vehicle's, driver's or fleet's daily tallies. */
  public Placement ofTallies(Kind kind, String id) {
    return place(
        streams.queryMetadataForKey(
            SafetyTopology.TALLY_STORE, TallyKey.prefix(kind, id), new TallyPartitioner<>()));
  }

  /** The instance that runs a fleet's rollout and tracks its drift. */
  public Placement ofFleet(String fleetId) {
    return place(streams.queryMetadataForKey(SafetyTopology.ROLLOUT_STORE, fleetId, STRINGS));
  }

  /** A fleet's rollout, if it has had one and it is on this instance. */
  public Optional<Rollout> rollout(String fleetId) {
    return Optional.ofNullable(
        read(
            SafetyTopology.ROLLOUT_STORE,
            (ReadOnlyKeyValueStore<String, Rollout> s) -> s.get(fleetId)));
  }

  /** What the rollout knows of each vehicle of a fleet, by id (local: where its rollout runs). */
  public SortedMap<String, VehicleModelState> rolloutVehicles(String fleetId) {
    String prefix = FleetScoped.prefix(fleetId);
    return read(
        SafetyTopology.ROLLOUT_VEHICLE_STORE,
        (ReadOnlyKeyValueStore<String, VehicleModelState> store) -> {
          SortedMap<String, VehicleModelState> out = new TreeMap<>();
          try (KeyValueIterator<String, VehicleModelState> it = store.prefixScan(prefix, STRINGS)) {
            it.forEachRemaining(kv -> out.put(kv.key.substring(prefix.length()), kv.value));
          }
          return out;
        });
  }

  /** A fleet's input drift by model version (local: where its rollout runs). */
  public SortedMap<String, FleetDrift> drift(String fleetId) {
    String prefix = FleetScoped.prefix(fleetId);
    return read(
        SafetyTopology.DRIFT_STORE,
        (ReadOnlyKeyValueStore<String, FleetDrift> store) -> {
          SortedMap<String, FleetDrift> out = new TreeMap<>();
          try (KeyValueIterator<String, FleetDrift> it = store.prefixScan(prefix, STRINGS)) {
            it.forEachRemaining(kv -> out.put(kv.key.substring(prefix.length()), kv.value));
          }
          return out;
        });
  }

  /** Every retraining job, by id (every instance holds them all). */
  public SortedMap<String, RetrainingJob> retrainingJobs() {
    return read(
        SafetyTopology.RETRAINING_STORE,
        (ReadOnlyKeyValueStore<String, RetrainingJob> store) -> {
          SortedMap<String, RetrainingJob> out = new TreeMap<>();
          try (KeyValueIterator<String, RetrainingJob> it = store.all()) {
            it.forEachRemaining(kv -> out.put(kv.key, kv.value));
          }
          return out;
        });
  }

  /** Every registered model, by registry key (every instance holds the whole registry). */
  public SortedMap<String, RegisteredModel> registeredModels() {
    return read(
        SafetyTopology.REGISTRY_STORE,
        (ReadOnlyKeyValueStore<String, RegisteredModel> store) -> {
          SortedMap<String, RegisteredModel> out = new TreeMap<>();
          try (KeyValueIterator<String, RegisteredModel> it = store.all()) {
            it.forEachRemaining(kv -> out.put(kv.key, kv.value));
          }
          return out;
        });
  }

  /** One registered model version, if it is in the registry. */
  public Optional<RegisteredModel> registeredModel(String name, String version) {
    return Optional.ofNullable(
        read(
            SafetyTopology.REGISTRY_STORE,
            (ReadOnlyKeyValueStore<String, RegisteredModel> s) ->
                s.get(RegisteredModel.key(name, version))));
  }

  /** The other running processor instances, as {@code host:port}. */
  public List<String> peers() {
    List<String> out = new ArrayList<>();
    for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
      if (!m.hostInfo().equals(self)) {
        out.add(m.host() + ":" + m.port());
      }
    }
    return out;
  }

  /** One entity's daily tallies from {@code from} to {@code to} (inclusive), local only. */
  public SortedMap<LocalDate, Tally> dailyTallies(
      Kind kind, String id, LocalDate from, LocalDate to) {
    return read(
        SafetyTopology.TALLY_STORE,
        (ReadOnlyKeyValueStore<String, Tally> store) -> {
          SortedMap<LocalDate, Tally> out = new TreeMap<>();
          try (KeyValueIterator<String, Tally> it =
              store.range(TallyKey.of(kind, id, from), TallyKey.of(kind, id, to))) {
            it.forEachRemaining(kv -> out.put(dayOf(kv.key), kv.value));
          }
          return out;
        });
  }

  /**
   * Every vehicle's (or driver's) tally of a fleet summed over {@code from}..{@code to}, by id
   * (without the fleet), local only.
   */
  public Map<String, Tally> talliesOfFleet(
      Kind kind, String fleetId, LocalDate from, LocalDate to) {
    String prefix = TallyKey.fleetPrefix(kind, fleetId);
    String first = from.toString();
    String last = to.toString();
    return read(
        SafetyTopology.TALLY_STORE,
        (ReadOnlyKeyValueStore<String, Tally> store) -> {
          Map<String, Tally> out = new TreeMap<>();
          try (KeyValueIterator<String, Tally> it = store.prefixScan(prefix, STRINGS)) {
            while (it.hasNext()) {
              KeyValue<String, Tally> kv = it.next();
              String rest = kv.key.substring(prefix.length());
              int bar = rest.lastIndexOf('|');
              String day = rest.substring(bar + 1);
              if (day.compareTo(first) >= 0 && day.compareTo(last) <= 0) {
                out.merge(rest.substring(0, bar), kv.value, Tally::plus);
              }
            }
          }
          return out;
        });
  }

  /** An event as the ledger holds it, if it is on this instance. */
  public Optional<LedgerEntry> ledgerEntry(String eventId) {
    return Optional.ofNullable(
        read(
            SafetyTopology.LEDGER_STORE,
            (ReadOnlyKeyValueStore<String, LedgerEntry> s) -> s.get(eventId)));
  }

  /**
   * Up to {@code limit} events of this instance matching the query, newest first (by device time,
   * then event id).
   */
  public List<EventSummary> events(EventQuery q, int limit) {
    // A store over all local partitions iterates them one after the other, not in key order:
    // each partition is searched on its own and the results merged.
    List<EventSummary> out = new ArrayList<>();
    for (int partition : localPartitions(SafetyTopology.EVENTS)) {
      out.addAll(
          read(
              SafetyTopology.INDEX_STORE,
              partition,
              (ReadOnlyKeyValueStore<String, EventSummary> s) -> EventIndex.search(s, q, limit)));
    }
    out.sort(EventIndex.NEWEST_FIRST);
    return List.copyOf(out.subList(0, Math.min(limit, out.size())));
  }

  /** A vehicle's state, if this instance holds it and has heard of the vehicle. */
  public Optional<VehicleState> vehicle(String fleetId, String vehicleId) {
    return Optional.ofNullable(
        read(
            SafetyTopology.VEHICLE_STORE,
            (ReadOnlyKeyValueStore<String, VehicleState> s) ->
                s.get(FleetScoped.id(fleetId, vehicleId))));
  }

  /** The states of a fleet's vehicles held here, by vehicle id, in id order. */
  public Map<String, VehicleState> vehicles(String fleetId) {
    String prefix = FleetScoped.prefix(fleetId);
    return read(
        SafetyTopology.VEHICLE_STORE,
        (ReadOnlyKeyValueStore<String, VehicleState> store) -> {
          Map<String, VehicleState> out = new TreeMap<>();
          try (KeyValueIterator<String, VehicleState> it = store.prefixScan(prefix, STRINGS)) {
            it.forEachRemaining(kv -> out.put(kv.key.substring(prefix.length()), kv.value));
          }
          return out;
        });
  }

  private Placement place(KeyQueryMetadata m) {
    if (m == null || m.equals(KeyQueryMetadata.NOT_AVAILABLE) || !running()) {
      throw new StoresUnavailableException(
          "the processor is starting or rebalancing; retry shortly");
    }
    HostInfo owner = m.activeHost();
    return new Placement(owner.equals(self), owner.host() + ":" + owner.port());
  }

  /** The partitions of {@code topic} whose tasks run on this instance. */
  private List<Integer> localPartitions(String topic) {
    List<Integer> out = new ArrayList<>();
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      for (TaskMetadata task : thread.activeTasks()) {
        for (TopicPartition tp : task.topicPartitions()) {
          if (tp.topic().equals(topic)) {
            out.add(tp.partition());
          }
        }
      }
    }
    return out;
  }

  private <K, V, R> R read(String storeName, Function<ReadOnlyKeyValueStore<K, V>, R> query) {
    return read(storeName, null, query);
  }

  /** A query of one store, of all local partitions or (if not null) only {@code partition}. */
  private <K, V, R> R read(
      String storeName, Integer partition, Function<ReadOnlyKeyValueStore<K, V>, R> query) {
    if (!running()) {
      throw new StoresUnavailableException(
          "the processor is starting or rebalancing; retry shortly");
    }
    StoreQueryParameters<ReadOnlyKeyValueStore<K, V>> which =
        StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<K, V>keyValueStore());
    try {
      return query.apply(streams.store(partition == null ? which : which.withPartition(partition)));
    } catch (InvalidStateStoreException e) {
      throw new StoresUnavailableException(
          "the processor's stores are migrating; retry shortly (" + e.getMessage() + ")");
    }
  }

  private static LocalDate dayOf(String tallyKey) {
    return LocalDate.parse(tallyKey.substring(tallyKey.lastIndexOf('|') + 1));
  }
}
