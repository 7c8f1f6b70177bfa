package io.vigil.cloud.drift;

import io.vigil.protocol.drift.DriftReference;
import io.vigil.protocol.drift.StabilityIndex;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Input drift as pure functions: a vehicle's telemetry histograms are faded into its fleet's {@link
 * ObservedInputs} for the model version it runs, which are then compared channel by channel with
 * that version's {@link DriftReference} (population stability index). A fleet whose worst judged
 * channel reaches the alert level gets a {@link RetrainingSuggestion}, kept until its inputs are
 * back below a moderate shift, so one noisy report neither opens nor closes it.
 */
public final class DriftMonitor {

  private DriftMonitor() {}

  /**
   * @param was the fleet's drift on this version so far, null if none
   * @param counts a telemetry report's histograms by channel
   * @param atMs the report's device time, epoch ms
   * @param reference the version's drift reference, if the registry has one
   */
  public static FleetDrift observe(
      FleetDrift was,
      String fleetId,
      String modelVersion,
      Map<String, long[]> counts,
      long atMs,
      Optional<DriftReference> reference,
      DriftRule rule) {
    ObservedInputs observed =
        add(was == null ? ObservedInputs.EMPTY : was.observed(), counts, atMs, rule);
    DriftAssessment a = assess(observed, reference, rule);
    RetrainingSuggestion open = was == null ? null : was.suggestion();
    if (a.level() == DriftLevel.SIGNIFICANT && open == null) {
      open = new RetrainingSuggestion(observed.newestMs(), reason(a, rule, modelVersion));
    } else if (a.level() == DriftLevel.NONE || a.level() == DriftLevel.NO_REFERENCE) {
      open = null;
    }
    return new FleetDrift(fleetId, modelVersion, observed, a, open);
  }

  /** {@code counts} added to {@code was}, both faded to the newer of their times. */
  static ObservedInputs add(
      ObservedInputs was, Map<String, long[]> counts, long atMs, DriftRule rule) {
    long newest = Math.max(was.newestMs(), atMs);
    double oldWeight = was.reports() == 0 ? 0 : fade(newest - was.newestMs(), rule);
    double newWeight = fade(newest - atMs, rule);
    Map<String, double[]> out = new HashMap<>();
    was.counts()
        .forEach(
            (ch, c) -> {
              double[] f = new double[c.length];
              for (int i = 0; i < c.length; i++) {
                f[i] = c[i] * oldWeight;
              }
              out.put(ch, f);
            });
    counts.forEach(
        (ch, c) -> {
          double[] f = out.get(ch);
          if (f == null || f.length != c.length) {
            f = new double[c.length];
            out.put(ch, f);
          }
          for (int i = 0; i < c.length; i++) {
            f[i] += c[i] * newWeight;
          }
        });
    return new ObservedInputs(newest, was.reports() + 1, out);
  }

  /** Judges {@code observed} against {@code reference}. */
  public static DriftAssessment assess(
      ObservedInputs observed, Optional<DriftReference> reference, DriftRule rule) {
    double samples = observed.samples();
    if (reference.isEmpty()) {
      return new DriftAssessment(DriftLevel.NO_REFERENCE, samples, Map.of(), null, 0);
    }
    Map<String, Double> psi = new TreeMap<>();
    String worst = null;
    for (Map.Entry<String, long[]> e : reference.get().counts().entrySet()) {
      double[] o = observed.counts().get(e.getKey());
      if (o == null || o.length != e.getValue().length) {
        continue;
      }
      double p =
          StabilityIndex.of(java.util.Arrays.stream(e.getValue()).asDoubleStream().toArray(), o);
      if (Double.isNaN(p)) {
        continue;
      }
      p = Math.round(p * 1e4) / 1e4;
      psi.put(e.getKey(), p);
      if (rule.judged().contains(e.getKey()) && (worst == null || p > psi.get(worst))) {
        worst = e.getKey();
      }
    }
    DriftLevel level;
    if (samples < rule.minSamples() || worst == null) {
      level = DriftLevel.INSUFFICIENT;
    } else if (psi.get(worst) >= rule.alertPsi()) {
      level = DriftLevel.SIGNIFICANT;
    } else if (psi.get(worst) >= StabilityIndex.MODERATE) {
      level = DriftLevel.MODERATE;
    } else {
      level = DriftLevel.NONE;
    }
    return new DriftAssessment(level, samples, psi, worst, reference.get().windows());
  }

  private static double fade(long ageMs, DriftRule rule) {
    return Math.pow(0.5, (double) ageMs / rule.halfLifeMs());
  }

  private static String reason(DriftAssessment a, DriftRule rule, String version) {
    return String.format(
        Locale.ROOT,
        "%s drifted from the training data of %s %s: PSI %.2f (alert at %.2f) over %,.0f recent"
            + " frames",
        a.worstChannel(),
        rule.model(),
        version,
        a.worstPsi(),
        rule.alertPsi(),
        a.samples());
  }
}
