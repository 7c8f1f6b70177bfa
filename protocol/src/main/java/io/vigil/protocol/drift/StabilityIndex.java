package io.vigil.protocol.drift;

/**
 * The population stability index between a reference histogram (training data) and an observed one
 * (a fleet's recent inputs): Σ (oᵢ − rᵢ) · ln(oᵢ / rᵢ) over the bins' shares. The usual reading:
 * below 0.1 no shift, 0.1 to 0.25 a moderate one, above 0.25 a significant one. An empty bin counts
 * as a share of {@value #EMPTY_SHARE}, so a bin the training data never saw does not make the index
 * infinite.
 */
public final class StabilityIndex {

  /** The share an empty bin is taken to have. */
  public static final double EMPTY_SHARE = 1e-4;

  /** At or above: a moderate shift. */
  public static final double MODERATE = 0.1;

  /** At or above: a significant shift. */
  public static final double SIGNIFICANT = 0.25;

  private StabilityIndex() {}

  /**
   * @param reference counts of the reference, per bin
   * @param observed counts observed, per bin (the same bins)
   * @return the index, or NaN if either histogram is empty
   */
  public static double of(long[] reference, long[] observed) {
    return of(
        java.util.Arrays.stream(reference).asDoubleStream().toArray(),
        java.util.Arrays.stream(observed).asDoubleStream().toArray());
  }

  /**
   * The index of weighted counts (faded with age, for example).
   *
   * @param reference counts of the reference, per bin
   * @param observed counts observed, per bin (the same bins)
   * @return the index, or NaN if either histogram is empty
   */
  public static double of(double[] reference, double[] observed) {
    if (reference.length != observed.length) {
      throw new IllegalArgumentException(
          "histograms of " + reference.length + " and " + observed.length + " bins");
    }
    double r = sum(reference);
    double o = sum(observed);
    if (r == 0 || o == 0) {
      return Double.NaN;
    }
    double psi = 0;
    for (int i = 0; i < reference.length; i++) {
      double ri = Math.max(EMPTY_SHARE, reference[i] / r);
      double oi = Math.max(EMPTY_SHARE, observed[i] / o);
      psi += (oi - ri) * Math.log(oi / ri);
    }
    return psi;
  }

  private static double sum(double[] counts) {
    double s = 0;
    for (double c : counts) {
      s += c;
    }
    return s;
  }
}
