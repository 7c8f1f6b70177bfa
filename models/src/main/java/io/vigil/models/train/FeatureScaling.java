package io.vigil.models.train;

/**
 * Per-feature mean and standard deviation of the training rows, the constants of the model's
 * standardisation node. A constant feature gets scale 1 so it never divides by zero.
 *
 * @param mean per feature
 * @param scale per feature, > 0
 */
public record FeatureScaling(float[] mean, float[] scale) {

  public static FeatureScaling of(float[] x, int features, int[] rows) {
    double[] sum = new double[features];
    double[] sq = new double[features];
    for (int r : rows) {
      for (int j = 0; j < features; j++) {
        double v = x[r * features + j];
        sum[j] += v;
        sq[j] += v * v;
      }
    }
    float[] mean = new float[features];
    float[] scale = new float[features];
    for (int j = 0; j < features; j++) {
      double m = sum[j] / rows.length;
      double var = Math.max(0, sq[j] / rows.length - m * m);
      mean[j] = (float) m;
      scale[j] = var > 1e-12 ? (float) Math.sqrt(var) : 1f;
    }
    return new FeatureScaling(mean, scale);
  }
}
