package io.vigil.cloud.processor;

import io.vigil.cloud.processor.TallyKey.Kind;
import io.vigil.cloud.score.TallyDelta;
import io.vigil.protocol.EventType;
import io.vigil.protocol.Review;
import io.vigil.protocol.Telemetry;
import io.vigil.protocol.json.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-vehicle-partition heart of the processor. Events are counted once per event id (a
 * redelivered event is dropped); a review moves an event's count (dismissed: uncounted; relabelled:
 * counted under the new type; confirmed: as reported) and can be changed again; telemetry adds the
 * distance a trip drove since its last report. Each change goes out as tally deltas for the
 * vehicle, its driver and its fleet on the event's UTC day; each new event and each review goes out
 * as a training sample. Ledger entries and trips older than the retention are forgotten (a later
 * duplicate or review of them is ignored and logged). Every counted event is listed in the {@link
 * EventIndex} with its current review state.
 */
final class EventLedger implements Processor<String, LedgerInput, String, LedgerOutput> {

  private static final Logger LOG = LoggerFactory.getLogger(EventLedger.class);

  private final Duration retention;
  private final ProtocolCodec codec = new ProtocolCodec(java.time.Clock.systemUTC());
  private ProcessorContext<String, LedgerOutput> context;
  private KeyValueStore<String, LedgerEntry> ledger;
  private KeyValueStore<String, TripProgress> trips;
  private KeyValueStore<String, EventSummary> index;

  EventLedger(Duration retention) {
    this.retention = retention;
  }

  @Override
  public void init(ProcessorContext<String, LedgerOutput> context) {
    this.context = context;
    this.ledger = context.getStateStore(SafetyTopology.LEDGER_STORE);
    this.trips = context.getStateStore(SafetyTopology.TRIP_STORE);
    this.index = context.getStateStore(SafetyTopology.INDEX_STORE);
    context.schedule(Duration.ofHours(1), PunctuationType.STREAM_TIME, this::forgetOld);
  }

  @Override
  public void process(Record<String, LedgerInput> record) {
    LedgerInput in = record.value();
    if (in.event() != null) {
      onEvent(record, in.event(), in.raw());
    } else if (in.review() != null) {
      onReview(record, in.review());
    } else if (in.telemetry() != null) {
      onTelemetry(record, in.telemetry());
    }
  }

  private void onEvent(Record<String, LedgerInput> record, EventHeader e, String raw) {
    String id = e.eventId().toString();
    if (ledger.get(id) != null) {
      return; // a redelivery: counted already
    }
    String day = e.deviceTime().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    ledger.put(id, new LedgerEntry(raw, day, e.type().wireName(), null, record.timestamp()));
    indexAs(e, e.type().wireName(), null);
    count(record, e, day, e.type(), +1);
    context.forward(
        // keyed as it came in: by its vehicle
        record.withValue(
            new LedgerOutput(null, codec.encodeTrainingSample(raw, Optional.empty()))));
  }

  private void onReview(Record<String, LedgerInput> record, ReviewDecision d) {
    LedgerEntry entry = ledger.get(d.eventId());
    if (entry == null) {
      LOG.warn("review of unknown or forgotten event {}; ignored", d.eventId());
      return;
    }
    Review review;
    EventHeader e;
    try {
      review = d.review();
      e = eventOf(entry);
    } catch (IllegalArgumentException ex) {
      LOG.warn("review of event {} cannot be applied: {}", d.eventId(), ex.getMessage());
      return;
    }
    EventType now =
        switch (review.verdict()) {
          case CONFIRMED, NEEDS_COACHING, COACHED -> e.type();
          case DISMISSED -> null;
          case RELABELLED -> review.relabelledType().orElseThrow();
        };
    EventType before =
        entry.countedType() == null
            ? null
            : EventType.valueOf(entry.countedType().toUpperCase(Locale.ROOT));
    if (before != now) {
      if (before != null) {
        count(record, e, entry.day(), before, -1);
      }
      if (now != null) {
        count(record, e, entry.day(), now, +1);
      }
    }
    String countedAs = now == null ? null : now.wireName();
    ledger.put(
        d.eventId(),
        new LedgerEntry(
            entry.event(), entry.day(), countedAs, review.verdict().wireName(), entry.seenAtMs()));
    indexAs(e, countedAs, review.verdict().wireName());
    context.forward(
        record.withValue(
            new LedgerOutput(
                null, codec.encodeTrainingSample(entry.event(), Optional.of(review)))));
  }

  private void onTelemetry(Record<String, LedgerInput> record, Telemetry t) {
    String key = record.key() + "|" + t.trip().tripId();
    TripProgress last = trips.get(key);
    double delta = t.trip().distanceM() - (last == null ? 0 : last.distanceM());
    if (delta > 0) {
      String day = t.deviceTime().atOffset(ZoneOffset.UTC).toLocalDate().toString();
      for (KeyValue<Kind, String> who : owners(t.fleetId(), t.vehicleId(), t.driverId())) {
        context.forward(
            record
                .withKey(TallyKey.of(who.key, who.value, day))
                .withValue(new LedgerOutput(TallyDelta.distance(delta), null)));
      }
    }
    if (t.trip().state() == Telemetry.TripState.ENDED) {
      trips.delete(key);
    } else if (last == null || delta > 0) {
      trips.put(
          key,
          new TripProgress(
              Math.max(t.trip().distanceM(), last == null ? 0 : last.distanceM()),
              record.timestamp()));
    }
  }

  private void indexAs(EventHeader e, String countedAs, String verdict) {
    EventSummary summary = EventSummary.of(e, countedAs, verdict);
    for (String key : EventIndex.keys(e)) {
      index.put(key, summary);
    }
  }

  private void count(
      Record<String, LedgerInput> record, EventHeader e, String day, EventType type, int n) {
    for (KeyValue<Kind, String> who : owners(e.fleetId(), e.vehicleId(), e.driverId())) {
      context.forward(
          record
              .withKey(TallyKey.of(who.key, who.value, day))
              .withValue(new LedgerOutput(TallyDelta.event(type, n), null)));
    }
  }

  /** The vehicle, driver and fleet a record counts for; vehicle and driver ids are fleet-scoped. */
  private static List<KeyValue<Kind, String>> owners(String fleet, String vehicle, String driver) {
    List<KeyValue<Kind, String>> out = new ArrayList<>(3);
    out.add(KeyValue.pair(Kind.VEHICLE, FleetScoped.id(fleet, vehicle)));
    out.add(KeyValue.pair(Kind.DRIVER, FleetScoped.id(fleet, driver)));
    out.add(KeyValue.pair(Kind.FLEET, fleet));
    return out;
  }

  private static EventHeader eventOf(LedgerEntry entry) {
    return EventHeader.parse(entry.event().getBytes(StandardCharsets.UTF_8));
  }

  private void unindex(LedgerEntry entry) {
    try {
      EventIndex.keys(eventOf(entry)).forEach(index::delete);
    } catch (IllegalArgumentException e) {
      LOG.warn("forgotten event cannot be read to remove it from the index: {}", e.getMessage());
    }
  }

  private void forgetOld(long streamTimeMs) {
    long before = streamTimeMs - retention.toMillis();
    int forgotten = 0;
    try (KeyValueIterator<String, LedgerEntry> it = ledger.all()) {
      while (it.hasNext()) {
        KeyValue<String, LedgerEntry> kv = it.next();
        if (kv.value.seenAtMs() < before) {
          ledger.delete(kv.key);
          unindex(kv.value);
          forgotten++;
        }
      }
    }
    try (KeyValueIterator<String, TripProgress> it = trips.all()) {
      while (it.hasNext()) {
        KeyValue<String, TripProgress> kv = it.next();
        if (kv.value.seenAtMs() < before) {
          trips.delete(kv.key);
        }
      }
    }
    if (forgotten > 0) {
      LOG.info("forgot {} events older than {}", forgotten, Instant.ofEpochMilli(before));
    }
  }
}
