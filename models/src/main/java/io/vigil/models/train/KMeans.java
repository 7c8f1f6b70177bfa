package io.vigil.models.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded k-means (k-means++ start, Lloyd iterations) in standardised feature space: the learned
 * clusters the anomaly score measures distance to.
 */
public final class KMeans {

  private KMeans() {}

  /** Centres, {@code [k][features]} row-major, of {@code n} rows of {@code z}. */
  public static float[] fit(float[] z, int n, int features, int k, int iterations, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] c = new float[k * features];
    double[] nearest = new double[n];
    Arrays.fill(nearest, Double.MAX_VALUE);
    int first = rng.nextInt(n);
    System.arraycopy(z, first * features, c, 0, features);
    for (int j = 1; j < k; j++) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        nearest[i] = Math.min(nearest[i], distance(z, i, c, j - 1, features));
        total += nearest[i];
      }
      double pick = rng.nextDouble() * total;
      int chosen = n - 1;
      for (int i = 0; i < n; i++) {
        pick -= nearest[i];
        if (pick <= 0) {
          chosen = i;
          break;
        }
      }
      System.arraycopy(z, chosen * features, c, j * features, features);
    }
    int[] assign = new int[n];
    for (int it = 0; it < iterations; it++) {
      for (int i = 0; i < n; i++) {
        assign[i] = nearestCentre(z, i, c, k, features);
      }
      double[] sum = new double[k * features];
      int[] count = new int[k];
      for (int i = 0; i < n; i++) {
        count[assign[i]]++;
        for (int f = 0; f < features; f++) {
          sum[assign[i] * features + f] += z[i * features + f];
        }
      }
      for (int j = 0; j < k; j++) {
        if (count[j] > 0) {
          for (int f = 0; f < features; f++) {
            c[j * features + f] = (float) (sum[j * features + f] / count[j]);
          }
        }
      }
    }
    return c;
  }

  /** Root mean square distance from row {@code i} to its nearest centre. */
  public static double score(float[] z, int i, float[] c, int features) {
    int k = c.length / features;
    double best = Double.MAX_VALUE;
    for (int j = 0; j < k; j++) {
      best = Math.min(best, distance(z, i, c, j, features));
    }
    return Math.sqrt(best / features);
  }

  private static int nearestCentre(float[] z, int i, float[] c, int k, int features) {
    int best = 0;
    double bestD = Double.MAX_VALUE;
    for (int j = 0; j < k; j++) {
      double d = distance(z, i, c, j, features);
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    return best;
  }

  private static double distance(float[] z, int i, float[] c, int j, int features) {
    double d = 0;
    for (int f = 0; f < features; f++) {
      double diff = z[i * features + f] - c[j * features + f];
      d += diff * diff;
    }
    return d;
  }
}
