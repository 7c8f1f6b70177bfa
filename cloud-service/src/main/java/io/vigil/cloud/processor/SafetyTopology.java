package io.vigil.cloud.processor;

import io.vigil.cloud.score.Tally;
import io.vigil.cloud.score.TallyDelta;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.Telemetry;
import io.vigil.protocol.VigilMessage;
import io.vigil.protocol.json.InvalidMessageException;
import io.vigil.protocol.json.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
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
 * #TALLY_STORE}; training samples go to {@value #TRAINING_SAMPLES}. Run with {@code
 * processing.guarantee=exactly_once_v2}, so a delta is counted exactly once even across crashes.
 */
public final class SafetyTopology {

  private static final Logger LOG = LoggerFactory.getLogger(SafetyTopology.class);

  public static final String EVENTS = "vigil.events";
  public static final String TELEMETRY = "vigil.telemetry";
  public static final String STATUS = "vigil.status";
  public static final String REVIEWS = "vigil.reviews";
  public static final String TRAINING_SAMPLES = "vigil.training-samples";

  public static final String LEDGER_STORE = "event-ledger";
  public static final String INDEX_STORE = "event-index";
  public static final String TRIP_STORE = "trip-progress";
  public static final String VEHICLE_STORE = "vehicle-state";
  public static final String TALLY_STORE = "daily-tallies";

  static final Serde<Tally> TALLY = JsonSerde.of(Tally.class);
  static final Serde<TallyDelta> DELTA = JsonSerde.of(TallyDelta.class);

  /** The serde of {@value #REVIEWS} values: writers of reviews use it too. */
  public static final Serde<ReviewDecision> REVIEW = JsonSerde.of(ReviewDecision.class);

  private SafetyTopology() {}

  /**
   * @param retention how long events are remembered for deduplication, reviews and search (≥ the
   *     longest rolling score window, 30 days)
   * @param history how long daily tallies (the score history) are kept
   */
  public static Topology build(Duration retention, Duration history) {
    ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(store(LEDGER_STORE, LedgerEntry.class));
    builder.addStateStore(store(INDEX_STORE, EventSummary.class));
    builder.addStateStore(store(TRIP_STORE, TripProgress.class));
    builder.addStateStore(store(VEHICLE_STORE, VehicleState.class));
    builder.addStateStore(store(TALLY_STORE, Tally.class));

    KStream<String, LedgerInput> events =
        decoded(builder, codec, EVENTS, SafetyEvent.class, LedgerInput::event);
    KStream<String, LedgerInput> telemetry =
        decoded(builder, codec, TELEMETRY, Telemetry.class, LedgerInput::telemetry);
    KStream<String, LedgerInput> status =
        decoded(builder, codec, STATUS, DeviceStatus.class, LedgerInput::status);
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
        .mapValues(v -> codec.encode(v.sample()))
        .to(TRAINING_SAMPLES, Produced.with(Serdes.String(), Serdes.ByteArray()));
    out.filter((k, v) -> v.delta() != null)
        .mapValues(LedgerOutput::delta)
        .repartition(
            Repartitioned.<String, TallyDelta>as("tally-deltas")
                .withKeySerde(Serdes.String())
                .withValueSerde(DELTA)
                .withStreamPartitioner(new TallyPartitioner<>()))
        .process(() -> new TallyAggregator(history), TALLY_STORE);
    return builder.build();
  }

  private static <T> StoreBuilder<KeyValueStore<String, T>> store(String name, Class<T> type) {
    // Cached: repeated updates of a key (a fleet's tally, a vehicle's state) within a commit
    // interval reach RocksDB and the changelog once.
    return Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(name), Serdes.String(), JsonSerde.of(type))
        .withCachingEnabled();
  }

  /**
   * A device topic's messages, decoded strictly; what ingest let through and still fails is logged
   * and skipped (a producer bug), never fatal.
   */
  private static <T extends VigilMessage> KStream<String, LedgerInput> decoded(
      StreamsBuilder builder,
      ProtocolCodec codec,
      String topic,
      Class<T> type,
      BiFunction<T, String, LedgerInput> input) {
    return builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .flatMapValues(
            bytes -> {
              try {
                return List.of(
                    input.apply(
                        codec.decode(bytes, type), new String(bytes, StandardCharsets.UTF_8)));
              } catch (InvalidMessageException e) {
                LOG.warn(
                    "invalid {} on {} skipped: {}", type.getSimpleName(), topic, e.getMessage());
                return List.of();
              }
            });
  }
}
