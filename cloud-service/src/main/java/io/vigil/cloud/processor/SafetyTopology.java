package io.vigil.cloud.processor;

import io.vigil.cloud.score.Tally;
import io.vigil.cloud.score.TallyDelta;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.Telemetry;
import io.vigil.protocol.json.InvalidMessageException;
import io.vigil.protocol.json.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's Kafka Streams topology. Events, reviews and telemetry, all keyed by vehicle
 * ({@code fleet.vehicle}; the three topics must have the same partition count), meet in the {@link
 * EventLedger}; its tally deltas are re-keyed by vehicle, driver and fleet day and summed into the
 * queryable {@value #TALLY_STORE} store; its training samples go to {@value #TRAINING_SAMPLES}. Run
 * with {@code processing.guarantee=exactly_once_v2}, so a delta is counted exactly once even across
 * crashes.
 */
public final class SafetyTopology {

  private static final Logger LOG = LoggerFactory.getLogger(SafetyTopology.class);

  public static final String EVENTS = "vigil.events";
  public static final String TELEMETRY = "vigil.telemetry";
  public static final String REVIEWS = "vigil.reviews";
  public static final String TRAINING_SAMPLES = "vigil.training-samples";

  public static final String LEDGER_STORE = "event-ledger";
  public static final String TRIP_STORE = "trip-progress";
  public static final String TALLY_STORE = "daily-tallies";

  static final Serde<Tally> TALLY = JsonSerde.of(Tally.class);
  static final Serde<TallyDelta> DELTA = JsonSerde.of(TallyDelta.class);

  /** The serde of {@value #REVIEWS} values: writers of reviews use it too. */
  public static final Serde<ReviewDecision> REVIEW = JsonSerde.of(ReviewDecision.class);

  private SafetyTopology() {}

  /**
   * @param retention how long events are remembered for deduplication and reviews (≥ the longest
   *     rolling score window, 30 days)
   */
  public static Topology build(Duration retention) {
    ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(LEDGER_STORE),
            Serdes.String(),
            JsonSerde.of(LedgerEntry.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(TRIP_STORE),
            Serdes.String(),
            JsonSerde.of(TripProgress.class)));

    Consumed<String, byte[]> raw = Consumed.with(Serdes.String(), Serdes.ByteArray());
    KStream<String, LedgerInput> events =
        builder.stream(EVENTS, raw)
            .flatMapValues(
                bytes -> {
                  try {
                    SafetyEvent e = codec.decode(bytes, SafetyEvent.class);
                    return java.util.List.of(
                        LedgerInput.event(e, new String(bytes, StandardCharsets.UTF_8)));
                  } catch (InvalidMessageException e) {
                    // ingest validated it; anything else is a producer bug, logged, not fatal
                    LOG.warn("invalid event on {} skipped: {}", EVENTS, e.getMessage());
                    return java.util.List.of();
                  }
                });
    KStream<String, LedgerInput> telemetry =
        builder.stream(TELEMETRY, raw)
            .flatMapValues(
                bytes -> {
                  try {
                    return java.util.List.of(
                        LedgerInput.telemetry(codec.decode(bytes, Telemetry.class)));
                  } catch (InvalidMessageException e) {
                    LOG.warn("invalid telemetry on {} skipped: {}", TELEMETRY, e.getMessage());
                    return java.util.List.of();
                  }
                });
    KStream<String, LedgerInput> reviews =
        builder.stream(REVIEWS, Consumed.with(Serdes.String(), REVIEW))
            .mapValues(LedgerInput::review);

    KStream<String, LedgerOutput> out =
        events
            .merge(reviews)
            .merge(telemetry)
            .process(() -> new EventLedger(retention), LEDGER_STORE, TRIP_STORE);

    out.filter((k, v) -> v.sample() != null)
        .mapValues(v -> codec.encode(v.sample()))
        .to(TRAINING_SAMPLES, Produced.with(Serdes.String(), Serdes.ByteArray()));
    out.filter((k, v) -> v.delta() != null)
        .mapValues(LedgerOutput::delta)
        .groupByKey(Grouped.with("tally-deltas", Serdes.String(), DELTA))
        .aggregate(
            Tally::empty,
            (key, delta, tally) -> tally.plus(delta),
            Materialized.<String, Tally, KeyValueStore<Bytes, byte[]>>as(TALLY_STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(TALLY));
    return builder.build();
  }
}
