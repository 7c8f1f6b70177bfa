package io.vigil.cloud.api;

import io.vigil.cloud.score.SafetyScore;
import io.vigil.cloud.score.ScoreWeights;
import io.vigil.cloud.score.Tally;
import io.vigil.protocol.EventType;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * A safety score over a period, with the days it is made of.
 *
 * @param kind vehicle, driver or fleet
 * @param id whose score (vehicle and driver ids are fleet-scoped: fleet/id)
 * @param from first day, UTC, yyyy-mm-dd
 * @param to last day, UTC, yyyy-mm-dd
 * @param distanceKm distance driven in the period
 * @param events events counted (dismissed ones are not), by type
 * @param score the score, null below the minimum distance
 * @param band its band, null without a score
 * @param days one entry per day with driving or events
 */
public record ScoreReport(
    String kind,
    String id,
    String from,
    String to,
    double distanceKm,
    Map<String, Long> events,
    Double score,
    String band,
    List<Day> days) {

  /**
   * One day of the period.
   *
   * @param day the UTC day, yyyy-mm-dd
   * @param distanceKm distance driven
   * @param events events counted, by type
   * @param score that day's score, null below the minimum distance
   */
  public record Day(String day, double distanceKm, Map<String, Long> events, Double score) {}

  static ScoreReport of(
      String kind,
      String id,
      LocalDate from,
      LocalDate to,
      Map<LocalDate, Tally> daily,
      ScoreWeights weights) {
    Tally total = Tally.empty();
    List<Day> days = new java.util.ArrayList<>();
    for (Map.Entry<LocalDate, Tally> d : new TreeMap<>(daily).entrySet()) {
      total = total.plus(d.getValue());
      days.add(
          new Day(
              d.getKey().toString(),
              km(d.getValue()),
              wire(d.getValue()),
              value(SafetyScore.of(d.getValue(), weights))));
    }
    Double score = value(SafetyScore.of(total, weights));
    return new ScoreReport(
        kind,
        id,
        from.toString(),
        to.toString(),
        km(total),
        wire(total),
        score,
        score == null ? null : SafetyScore.Band.of(score).wireName(),
        days);
  }

  private static double km(Tally t) {
    return Math.round(t.distanceM()) / 1000.0;
  }

  private static Map<String, Long> wire(Tally t) {
    Map<String, Long> m = new TreeMap<>();
    for (Map.Entry<EventType, Long> e : t.counts().entrySet()) {
      m.put(e.getKey().wireName(), e.getValue());
    }
    return m;
  }

  private static Double value(OptionalDouble d) {
    return d.isPresent() ? d.getAsDouble() : null;
  }
}
