package io.vigil.models.train;

import java.util.Arrays;
import java.util.List;

/**
 * Per-class decision thresholds from the validation windows: for each event class, the lowest
 * probability that at most {@code maxShare} of the windows of other classes reach, kept within
 * [{@code floor}, {@code ceiling}]. One fixed threshold lets a model whose probabilities run high
 * for some class raise that class's false alarms; set from held-apart windows, each class's
 * threshold adapts to the model trained, so false alarms depend less on training's random draw.
 */
public final class ThresholdCalibration {

  /** What the pipeline uses: 0.5, 5·10⁻⁵ of other classes' validation windows, 0.9. */
  public static final float FLOOR = 0.5f;

  public static final double MAX_SHARE = 5e-5;
  public static final float CEILING = 0.9f;

  private ThresholdCalibration() {}

  /**
   * @param layers the classifier (logits; softmax is applied here, as in the exported graph)
   * @param v the validation rows, standardised
   * @return thresholds per class; entry 0 ("normal") is 0, which opens no events
   */
  public static float[] thresholds(
      List<DenseLayer> layers,
      ClassifierTrainer.Rows v,
      int classes,
      float floor,
      double maxShare,
      float ceiling) {
    if (!(floor > 0 && floor <= ceiling && ceiling < 1 && maxShare >= 0 && maxShare < 1)) {
      throw new IllegalArgumentException("need 0 < floor ≤ ceiling < 1 and 0 ≤ maxShare < 1");
    }
    int f = layers.get(0).in();
    float[][] negatives = new float[classes][v.rows()];
    int[] n = new int[classes];
    float[] p = new float[classes];
    for (int r = 0; r < v.rows(); r++) {
      probabilities(layers, v.z(), r * f, p);
      for (int c = 1; c < classes; c++) {
        if (v.labels()[r] != c) {
          negatives[c][n[c]++] = p[c];
        }
      }
    }
    float[] t = new float[classes];
    for (int c = 1; c < classes; c++) {
      float[] s = Arrays.copyOf(negatives[c], n[c]);
      Arrays.sort(s);
      int allowed = (int) Math.floor(maxShare * s.length);
      // just above the highest negative that must stay below the threshold
      float q = s.length == 0 ? floor : Math.nextUp(s[Math.max(0, s.length - 1 - allowed)]);
      t[c] = Math.min(ceiling, Math.max(floor, q));
    }
    return t;
  }

  private static void probabilities(List<DenseLayer> layers, float[] z, int offset, float[] out) {
    float[] h = Arrays.copyOfRange(z, offset, offset + layers.get(0).in());
    for (int l = 0; l < layers.size(); l++) {
      DenseLayer d = layers.get(l);
      float[] y = new float[d.out()];
      for (int o = 0; o < d.out(); o++) {
        double s = d.bias()[o];
        for (int k = 0; k < d.in(); k++) {
          s += d.weight()[o * d.in() + k] * h[k];
        }
        y[o] = l < layers.size() - 1 ? (float) Math.max(0, s) : (float) s;
      }
      h = y;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float x : h) {
      max = Math.max(max, x);
    }
    double sum = 0;
    for (int i = 0; i < h.length; i++) {
      out[i] = (float) Math.exp(h[i] - max);
      sum += out[i];
    }
    for (int i = 0; i < h.length; i++) {
      out[i] /= sum;
    }
  }
}
