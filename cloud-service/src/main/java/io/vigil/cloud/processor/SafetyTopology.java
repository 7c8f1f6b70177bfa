package io.vigil.cloud.processor;

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
    // Ledger and index keys are written once per event: a cache would only copy them. Trips,
    // vehicles and tallies are updated over and over: cached, they reach RocksDB and the changelog
    // once per commit.
    builder.addStateStore(store(LEDGER_STORE, LedgerEntrySerde.create(), false));
    builder.addStateStore(store(INDEX_STORE, JsonSerde.of(EventSummary.class), false));
    builder.addStateStore(store(TRIP_STORE, JsonSerde.of(TripProgress.class), true));
    builder.addStateStore(store(VEHICLE_STORE, JsonSerde.of(VehicleState.class), true));
    builder.addStateStore(store(TALLY_STORE, TALLY, true));

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
