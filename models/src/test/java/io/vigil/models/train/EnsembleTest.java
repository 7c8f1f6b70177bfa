package io.vigil.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EnsembleTest {

  private static List<DenseLayer> randomMlp(SplittableRandom rng, int... sizes) {
    List<DenseLayer> layers = new ArrayList<>();
    for (int l = 0; l + 1 < sizes.length; l++) {
      float[] w = new float[sizes[l] * sizes[l + 1]];
      float[] b = new float[sizes[l + 1]];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) rng.nextGaussian();
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) rng.nextGaussian();
      }
      layers.add(new DenseLayer(sizes[l], sizes[l + 1], w, b));
    }
    return layers;
  }

  /** Gemm (transB) with ReLU between layers, as the exported graph computes it. */
  private static double[] logits(List<DenseLayer> layers, double[] x) {
    for (int l = 0; l < layers.size(); l++) {
      DenseLayer d = layers.get(l);
      double[] y = new double[d.out()];
      for (int r = 0; r < d.out(); r++) {
        double s = d.bias()[r];
        for (int c = 0; c < d.in(); c++) {
          s += d.weight()[r * d.in() + c] * x[c];
        }
        y[r] = l < layers.size() - 1 ? Math.max(0, s) : s;
      }
      x = y;
    }
    return x;
  }

  @Test
  void theMergedNetworkGivesTheMeanOfItsMembersLogits() {
    SplittableRandom rng = new SplittableRandom(3);
    List<List<DenseLayer>> members = new ArrayList<>();
    for (int m = 0; m < 3; m++) {
      members.add(randomMlp(rng, 6, 5, 4, 3));
    }
    List<DenseLayer> merged = Ensemble.merge(members);
    assertThat(merged).extracting(DenseLayer::in).containsExactly(6, 15, 12);
    assertThat(merged).extracting(DenseLayer::out).containsExactly(15, 12, 3);
    for (int trial = 0; trial < 20; trial++) {
      double[] x = new double[6];
      for (int i = 0; i < x.length; i++) {
        x[i] = rng.nextGaussian() * 2;
      }
      double[] mean = new double[3];
      for (List<DenseLayer> m : members) {
        double[] y = logits(m, x);
        for (int k = 0; k < 3; k++) {
          mean[k] += y[k] / members.size();
        }
      }
      double[] got = logits(merged, x);
      for (int k = 0; k < 3; k++) {
        assertThat(got[k]).isCloseTo(mean[k], within(1e-4));
      }
    }
  }

  @Test
  void oneMemberIsItselfAndMismatchedMembersAreRefused() {
    SplittableRandom rng = new SplittableRandom(4);
    List<DenseLayer> one = randomMlp(rng, 4, 3, 2);
    assertThat(Ensemble.merge(List.of(one))).isSameAs(one);
    assertThatThrownBy(() -> Ensemble.merge(List.of(one, randomMlp(rng, 4, 5, 2))))
        .hasMessageContaining("shape");
    assertThatThrownBy(() -> Ensemble.merge(List.of(one, randomMlp(rng, 4, 3, 3, 2))))
        .hasMessageContaining("depth");
    assertThatThrownBy(() -> Ensemble.merge(List.of())).hasMessageContaining("at least one");
  }
}
