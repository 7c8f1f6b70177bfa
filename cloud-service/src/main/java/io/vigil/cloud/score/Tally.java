package io.vigil.cloud.score;

import io.vigil.protocol.EventType;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a safety score is computed from: the distance one vehicle, driver or fleet drove in a period
 * and the events counted in it, by type (dismissed events are not counted). Daily tallies are kept
 * by the processor; a rolling 7- or 30-day tally is the sum of daily ones.
 *
 * @param distanceM distance driven, metres
 * @param counts events counted, by type
 */
public record Tally(double distanceM, Map<EventType, Long> counts) {

  public Tally {
    counts = counts == null ? Map.of() : Map.copyOf(counts);
  }

  public static Tally empty() {
    return new Tally(0, Map.of());
  }

  public long count(EventType type) {
    return counts.getOrDefault(type, 0L);
  }

  /** This tally with a change applied. */
  public Tally plus(TallyDelta d) {
    Map<EventType, Long> c =
        counts.isEmpty() ? new EnumMap<>(EventType.class) : new EnumMap<>(counts);
    if (d.type() != null && d.count() != 0) {
      long n = c.getOrDefault(d.type(), 0L) + d.count();
      if (n == 0) {
        c.remove(d.type());
      } else {
        c.put(d.type(), n);
      }
    }
    return new Tally(distanceM + d.distanceM(), c);
  }

  /** The sum of two tallies (e.g. days of a rolling window). */
  public Tally plus(Tally other) {
    Map<EventType, Long> c =
        counts.isEmpty() ? new EnumMap<>(EventType.class) : new EnumMap<>(counts);
    other.counts.forEach((t, n) -> c.merge(t, n, Long::sum));
    return new Tally(distanceM + other.distanceM, c);
  }
}
