package io.vigil.cloud.processor;

import io.vigil.cloud.drift.DriftRule;
import io.vigil.cloud.drift.FleetDrift;
import io.vigil.cloud.registry.RegisteredModel;
import io.vigil.cloud.retraining.RetrainingJob;
import io.vigil.cloud.retraining.RetrainingWorker;
import io.vigil.cloud.rollout.CanaryBounds;
import io.vigil.cloud.rollout.DownlinkMessage;
import io.vigil.cloud.rollout.Rollout;
import io.vigil.cloud.rollout.RolloutCommand;
import io.vigil.cloud.rollout.VehicleModelState;
import io.vigil.cloud.score.Tally;
import io.vigil.cloud.score.TallyDelta;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.Telemetry;
import io.vigil.protocol.json.InvalidMessageException;
import io.vigil.protocol.json.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's Kafka Streams topology. Events, reviews, telemetry and status, all keyed by
 * vehicle ({@code fleet.vehicle}; the four topics must have the same partition count), are decoded
 * once. Events, reviews and telemetry meet in the {@link EventLedger}, which deduplicates, keeps
 * the {@value #INDEX_STORE} searchable and emits tally deltas and training samples; status,
 * telemetry and events keep each vehicle's {@link VehicleState}. Tally deltas are re-partitioned by
 * vehicle, driver or fleet ({@link TallyPartitioner}) and summed per day into {@value
 * #TALLY_STORE}; training samples go to {@value #TRAINING_SAMPLES}. What vehicles tell about their
 * models, re-keyed by fleet, meets admins' rollout commands in the {@link RolloutTracker}, which
 * reads packages from the registry ({@value #MODELS}, a global table) and writes what it sends to
 * the devices to {@value #DOWNLINK}; on the same fleet-keyed stream, the {@link DriftTracker}
 * compares each fleet's input histograms with its model's training inputs ({@value #DRIFT_STORE}).
 * Run with {@code processing.guarantee=exactly_once_v2}, so a delta is counted exactly once even
 * across crashes.
 */
public final class SafetyTopology {

  private static final Logger LOG = LoggerFactory.getLogger(SafetyTopology.class);

  public static final String EVENTS = "vigil.events";
  public static final String TELEMETRY = "vigil.telemetry";
  public static final String STATUS = "vigil.status";
  public static final String REVIEWS = "vigil.reviews";
  public static final String TRAINING_SAMPLES = "vigil.training-samples";

  /**
   * Unflagged stretches of driving agents upload on request; only the sample export reads them (the
   * processor does not).
   */
  public static final String WINDOW_SAMPLES = "vigil.window-samples";

  public static final String MODELS = "vigil.models";
  public static final String ROLLOUT_COMMANDS = "vigil.rollout-commands";
  public static final String DOWNLINK = "vigil.downlink";

  public static final String LEDGER_STORE = "event-ledger";
  public static final String INDEX_STORE = "event-index";
  public static final String TRIP_STORE = "trip-progress";
  public static final String VEHICLE_STORE = "vehicle-state";
  public static final String TALLY_STORE = "daily-tallies";
  public static final String ROLLOUT_STORE = "rollouts";
  public static final String ROLLOUT_VEHICLE_STORE = "rollout-vehicles";
  public static final String REGISTRY_STORE = "model-registry";
  public static final String DRIFT_STORE = "fleet-drift";
  public static final String RETRAINING_STORE = "retraining-jobs";

  static final Serde<Tally> TALLY = JsonSerde.of(Tally.class);
  static final Serde<TallyDelta> DELTA = JsonSerde.of(TallyDelta.class);

  /** The serde of {@value #REVIEWS} values: writers of reviews use it too. */
  public static final Serde<ReviewDecision> REVIEW = JsonSerde.of(ReviewDecision.class);

  /** The serde of {@value #ROLLOUT_COMMANDS} values. */
  public static final Serde<RolloutCommand> ROLLOUT_COMMAND = JsonSerde.of(RolloutCommand.class);

  /** The serde of {@value #MODELS} values. */
  public static final Serde<RegisteredModel> REGISTERED_MODEL = JsonSerde.of(RegisteredModel.class);

  /** The serde of retraining jobs ({@link RetrainingWorker#TOPIC}). */
  public static final Serde<RetrainingJob> RETRAINING_JOB = JsonSerde.of(RetrainingJob.class);

  /** The serde of {@value #DOWNLINK} values. */
  public static final Serde<DownlinkMessage> DOWNLINK_MESSAGE = JsonSerde.of(DownlinkMessage.class);

  private SafetyTopology() {}

  /**
   * @param retention how long events are remembered for deduplication, reviews and search (≥ the
   *     longest rolling score window, 30 days)
   * @param history how long daily tallies (the score history) are kept
   * @param canary how far a canary may depart from its control group
   * @param drift how fleets' input drift is judged
   * @param driftGauges where it is reported
   */
  public static Topology build(
      Duration retention,
      Duration history,
      CanaryBounds canary,
      DriftRule drift,
      DriftGauges driftGauges) {
    ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
    StreamsBuilder builder = new StreamsBuilder();
    // Ledger and index keys are written once per event: a cache would only copy them. Trips,
    // vehicles and tallies are updated over and over: cached, they reach RocksDB and the changelog
    // once per commit.
    builder.addStateStore(store(LEDGER_STORE, LedgerEntrySerde.create(), false));
    builder.addStateStore(store(INDEX_STORE, JsonSerde.of(EventSummary.class), false));
    builder.addStateStore(store(TRIP_STORE, JsonSerde.of(TripProgress.class), true));
    builder.addStateStore(store(VEHICLE_STORE, JsonSerde.of(VehicleState.class), true));
    builder.addStateStore(store(TALLY_STORE, TALLY, true));
    builder.addStateStore(store(ROLLOUT_STORE, JsonSerde.of(Rollout.class), true));
    builder.addStateStore(
        store(ROLLOUT_VEHICLE_STORE, JsonSerde.of(VehicleModelState.class), true));
    builder.addStateStore(store(DRIFT_STORE, JsonSerde.of(FleetDrift.class), true));
    // Every instance holds the whole registry: packages are few, and any instance's rollout may
    // need any of them.
    builder.globalTable(
        MODELS,
        Consumed.with(Serdes.String(), REGISTERED_MODEL),
        Materialized.<String, RegisteredModel, KeyValueStore<Bytes, byte[]>>as(REGISTRY_STORE)
            .withKeySerde(Serdes.String())
            .withValueSerde(REGISTERED_MODEL));
    // Retraining jobs are few; any instance's API answers for all of them.
    builder.globalTable(
        RetrainingWorker.TOPIC,
        Consumed.with(Serdes.String(), RETRAINING_JOB),
        Materialized.<String, RetrainingJob, KeyValueStore<Bytes, byte[]>>as(RETRAINING_STORE)
            .withKeySerde(Serdes.String())
            .withValueSerde(RETRAINING_JOB));

    KStream<String, LedgerInput> events =
        decoded(builder, EVENTS, bytes -> LedgerInput.event(EventHeader.parse(bytes), text(bytes)));
    KStream<String, LedgerInput> telemetry =
        decoded(
            builder,
            TELEMETRY,
            bytes -> LedgerInput.telemetry(codec.decode(bytes, Telemetry.class), text(bytes)));
    KStream<String, LedgerInput> status =
        decoded(
            builder,
            STATUS,
            bytes -> LedgerInput.status(codec.decode(bytes, DeviceStatus.class), text(bytes)));
    KStream<String, LedgerInput> reviews =
        builder.stream(REVIEWS, Consumed.with(Serdes.String(), REVIEW))
            .mapValues(LedgerInput::review);

    events.merge(telemetry).merge(status).process(VehicleTracker::new, VEHICLE_STORE);
    KStream<String, LedgerOutput> out =
        events
            .merge(reviews)
            .merge(telemetry)
            .process(() -> new EventLedger(retention), LEDGER_STORE, TRIP_STORE, INDEX_STORE);

    out.filter((k, v) -> v.sample() != null)
        .mapValues(LedgerOutput::sample)
        .to(TRAINING_SAMPLES, Produced.with(Serdes.String(), Serdes.ByteArray()));
    out.filter((k, v) -> v.delta() != null)
        .mapValues(LedgerOutput::delta)
        .repartition(
            Repartitioned.<String, TallyDelta>as("tally-deltas")
                .withKeySerde(Serdes.String())
                .withValueSerde(DELTA)
                .withStreamPartitioner(new TallyPartitioner<>()))
        .process(() -> new TallyAggregator(history), TALLY_STORE);

    // Rollouts and drift are per fleet: commands (keyed by fleet) and what vehicles tell about
    // their models and inputs meet in one task per fleet. The rollout tracker sees each record
    // first, so the drift tracker reads the model a vehicle's status has just reported.
    KStream<String, FleetInput> fleetInputs =
        events
            .merge(telemetry)
            .merge(status)
            .flatMap(
                (k, in) ->
                    FleetInput.of(in).stream()
                        .map(r -> KeyValue.pair(FleetInput.fleetOf(in), r))
                        .toList())
            .merge(
                builder.stream(ROLLOUT_COMMANDS, Consumed.with(Serdes.String(), ROLLOUT_COMMAND))
                    .mapValues(FleetInput::of))
            .repartition(
                Repartitioned.<String, FleetInput>as("fleet-inputs")
                    .withKeySerde(Serdes.String())
                    .withValueSerde(JsonSerde.of(FleetInput.class)));
    fleetInputs
        .process(() -> new RolloutTracker(canary), ROLLOUT_STORE, ROLLOUT_VEHICLE_STORE)
        .to(DOWNLINK, Produced.with(Serdes.String(), DOWNLINK_MESSAGE));
    fleetInputs.process(
        () -> new DriftTracker(drift, driftGauges), DRIFT_STORE, ROLLOUT_VEHICLE_STORE);
    return builder.build();
  }

  private static <T> StoreBuilder<KeyValueStore<String, T>> store(
      String name, Serde<T> values, boolean cached) {
    StoreBuilder<KeyValueStore<String, T>> b =
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    return cached ? b.withCachingEnabled() : b.withCachingDisabled();
  }

  /** How a device topic's message becomes ledger input. */
  @FunctionalInterface
  private interface Decoder {
    LedgerInput decode(byte[] bytes) throws InvalidMessageException;
  }

  /**
   * A device topic's messages, decoded; what ingest let through and still fails is logged and
   * skipped (a producer bug), never fatal.
   */
  private static KStream<String, LedgerInput> decoded(
      StreamsBuilder builder, String topic, Decoder decoder) {
    return builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .flatMapValues(
            bytes -> {
              try {
                return List.of(decoder.decode(bytes));
              } catch (InvalidMessageException | IllegalArgumentException e) {
                LOG.warn("invalid message on {} skipped: {}", topic, e.getMessage());
                return List.of();
              }
            });
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
