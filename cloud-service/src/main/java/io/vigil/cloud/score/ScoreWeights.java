package io.vigil.cloud.score;

import io.vigil.protocol.EventType;
import java.util.EnumMap;
import java.util.Map;

/**
 * The safety score formula's settings (BRIEF §4, Samsara-style): a weight of 0–10 per behaviour,
 * the distance events are normalised to, and the least distance a score needs.
 *
 * @param weights impact of one event per {@code perKm} kilometres, by type (0 to 10)
 * @param perKm the distance events are normalised to, km (default 100)
 * @param minimumKm least distance driven for a score; below it there is none (default 10)
 */
public record ScoreWeights(Map<EventType, Double> weights, double perKm, double minimumKm) {

  public ScoreWeights {
    weights = Map.copyOf(weights);
    for (Map.Entry<EventType, Double> w : weights.entrySet()) {
      if (w.getValue() < 0 || w.getValue() > 10) {
        throw new IllegalArgumentException(
            "weight of " + w.getKey().wireName() + " must be 0..10, not " + w.getValue());
      }
    }
    if (!(perKm > 0) || !(minimumKm > 0)) {
      throw new IllegalArgumentException("perKm and minimumKm must be positive");
    }
  }

  /**
   * Collisions weigh most; harsh braking and cornering more than acceleration and lane changes (the
   * Geotab scorecard weighs accel, braking and cornering alike; we follow Samsara in weighing what
   * predicts crashes more). Sensor faults and unknown anomalies are not driving behaviour.
   */
  public static ScoreWeights defaults() {
    Map<EventType, Double> w = new EnumMap<>(EventType.class);
    w.put(EventType.HARSH_BRAKING, 5.0);
    w.put(EventType.HARSH_ACCELERATION, 3.0);
    w.put(EventType.HARSH_CORNERING, 5.0);
    w.put(EventType.AGGRESSIVE_LANE_CHANGE, 4.0);
    w.put(EventType.COLLISION, 10.0);
    w.put(EventType.SENSOR_FAULT, 0.0);
    w.put(EventType.UNKNOWN_ANOMALY, 0.0);
    return new ScoreWeights(w, 100, 10);
  }

  public double weight(EventType type) {
    return weights.getOrDefault(type, 0.0);
  }
}
