package io.vigil.cloud.drift;

import java.util.Map;
import java.util.Objects;

/**
 * The input histograms a fleet's vehicles on one model version reported, faded with age: each
 * report's counts are weighted by ½^(age / half-life), age measured back from the newest report's
 * device time, so the histograms stand for the recent inputs without keeping every report.
 *
 * @param newestMs device time of the newest report counted, epoch ms
 * @param reports reports counted (not faded)
 * @param counts faded counts by channel wire name
 */
public record ObservedInputs(long newestMs, long reports, Map<String, double[]> counts) {

  public static final ObservedInputs EMPTY = new ObservedInputs(Long.MIN_VALUE, 0, Map.of());

  public ObservedInputs {
    Objects.requireNonNull(counts, "counts");
    counts = Map.copyOf(counts);
  }

  /** The faded number of frames of the channel with the fewest. */
  public double samples() {
    if (counts.isEmpty()) {
      return 0;
    }
    double min = Double.POSITIVE_INFINITY;
    for (double[] c : counts.values()) {
      double s = 0;
      for (double v : c) {
        s += v;
      }
      min = Math.min(min, s);
    }
    return min;
  }
}
