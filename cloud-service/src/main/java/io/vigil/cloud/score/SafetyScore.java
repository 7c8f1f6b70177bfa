package io.vigil.cloud.score;

import io.vigil.protocol.EventType;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The safety score, a pure function of a tally: {@code 100 − Σ weight(type) × count(type) × perKm /
 * km driven}, clamped to 0..100 and rounded to one decimal, so that the same behaviour per distance
 * gives the same score however far one drives. Empty below the minimum distance, where a single
 * event would swing the score. Dismissed events never reach a tally.
 */
public final class SafetyScore {

  /** Score bands (Geotab scorecard): 90–100, 75–90, 60–75, 0–60. */
  public enum Band implements io.vigil.protocol.WireEnum {
    GOOD,
    FAIR,
    POOR,
    AT_RISK;

    public static Band of(double score) {
      return score >= 90 ? GOOD : score >= 75 ? FAIR : score >= 60 ? POOR : AT_RISK;
    }
  }

  private SafetyScore() {}

  public static OptionalDouble of(Tally tally, ScoreWeights weights) {
    double km = tally.distanceM() / 1000;
    if (km < weights.minimumKm()) {
      return OptionalDouble.empty();
    }
    double impact = 0;
    for (Map.Entry<EventType, Long> c : tally.counts().entrySet()) {
      impact += weights.weight(c.getKey()) * c.getValue() * weights.perKm() / km;
    }
    double score = Math.max(0, Math.min(100, 100 - impact));
    return OptionalDouble.of(Math.round(score * 10) / 10.0);
  }
}
