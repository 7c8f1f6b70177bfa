package io.vigil.cloud.processor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Keys of the event index store ({@value SafetyTopology#INDEX_STORE}): every event is listed three
 * times, under its fleet, its vehicle and its driver, as {@code scope|owner|time|eventId} with the
 * time in zero-padded epoch milliseconds. One owner's events in a time range are then one ordered
 * key range, read newest first.
 */
public final class EventIndex {

  /** Whose events a key range lists. */
  public enum Scope {
    FLEET("f"),
    VEHICLE("v"),
    DRIVER("d");

    private final String tag;

    Scope(String tag) {
      this.tag = tag;
    }
  }

  /** The order of search results: device time in whole milliseconds, then id; newest first. */
  public static final Comparator<EventSummary> NEWEST_FIRST =
      Comparator.comparingLong((EventSummary e) -> Instant.parse(e.deviceTime()).toEpochMilli())
          .thenComparing(EventSummary::eventId)
          .reversed();

  // Sorts after every character of an event id, so it closes a range of one millisecond.
  private static final String AFTER_IDS = "~";

  private EventIndex() {}

  /** The key range start (inclusive) of an owner's events from {@code fromMs}. */
  public static String from(Scope scope, String owner, long fromMs) {
    return prefix(scope, owner) + millis(fromMs) + "|";
  }

  /** The key range end (inclusive) of an owner's events up to {@code toMs}. */
  public static String to(Scope scope, String owner, long toMs) {
    return prefix(scope, owner) + millis(toMs) + "|" + AFTER_IDS;
  }

  /** The key of one event under an owner. */
  public static String key(Scope scope, String owner, long timeMs, String eventId) {
    return prefix(scope, owner) + millis(timeMs) + "|" + eventId;
  }

  /** The owners of an event: its fleet, fleet/vehicle and fleet/driver. */
  static List<String> keys(EventHeader e) {
    long t = e.deviceTime().toEpochMilli();
    String id = e.eventId().toString();
    return List.of(
        key(Scope.FLEET, e.fleetId(), t, id),
        key(Scope.VEHICLE, FleetScoped.id(e.fleetId(), e.vehicleId()), t, id),
        key(Scope.DRIVER, FleetScoped.id(e.fleetId(), e.driverId()), t, id));
  }

  /**
   * Up to {@code limit} events of {@code index} matching the query, newest first (by device time,
   * then event id): a reverse scan of the narrowest owner's key range.
   */
  static List<EventSummary> search(
      ReadOnlyKeyValueStore<String, EventSummary> index, EventQuery q, int limit) {
    Scope scope;
    String owner;
    if (q.vehicleId() != null) {
      scope = Scope.VEHICLE;
      owner = FleetScoped.id(q.fleetId(), q.vehicleId());
    } else if (q.driverId() != null) {
      scope = Scope.DRIVER;
      owner = FleetScoped.id(q.fleetId(), q.driverId());
    } else {
      scope = Scope.FLEET;
      owner = q.fleetId();
    }
    String low = from(scope, owner, q.fromMs());
    String high = to(scope, owner, q.toMs());
    String cursor =
        q.after() == null ? null : key(scope, owner, q.after().timeMs(), q.after().eventId());
    if (cursor != null && cursor.compareTo(high) < 0) {
      high = cursor;
    }
    List<EventSummary> out = new ArrayList<>();
    if (low.compareTo(high) > 0) {
      return out;
    }
    try (KeyValueIterator<String, EventSummary> it = index.reverseRange(low, high)) {
      while (it.hasNext() && out.size() < limit) {
        KeyValue<String, EventSummary> kv = it.next();
        // the cursor's own event was on the previous page
        if (!kv.key.equals(cursor) && q.matches(kv.value)) {
          out.add(kv.value);
        }
      }
    }
    return out;
  }

  private static String prefix(Scope scope, String owner) {
    return scope.tag + "|" + owner + "|";
  }

  private static String millis(long ms) {
    return String.format("%013d", Math.max(0, ms));
  }
}
