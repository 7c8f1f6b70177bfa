package io.vigil.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.inference.input.InputSpec;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ONNX feature graph against a plain-Java reference of the documented formulas. */
class FeatureGraphTest {

  private final InputSpec spec = InputSpec.v1();

  @Test
  void graphComputesTheDocumentedFeatures() {
    int c = spec.channels().size();
    int t = spec.windowSamples();
    SplittableRandom rng = new SplittableRandom(5);
    int n = 7;
    float[] windows = new float[n * c * t];
    for (int i = 0; i < windows.length; i++) {
      windows[i] = (float) (rng.nextDouble() * 20 - 10);
    }
    float[] features;
    try (OnnxFunction f = new OnnxFunction(FeatureGraph.featureModel(spec))) {
      features = f.apply(windows, n, new long[] {c, t}, "features", FeatureGraph.names().size());
    }
    List<String> names = FeatureGraph.names();
    for (int w = 0; w < n; w++) {
      int base = w * c * t;
      int fb = w * names.size();
      for (int ch = 0; ch < 6; ch++) {
        double mean = 0;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double step = 0;
        for (int i = 0; i < t; i++) {
          double v = windows[base + ch * t + i];
          mean += v / t;
          min = Math.min(min, v);
          max = Math.max(max, v);
          if (i > 0) {
            step = Math.max(step, Math.abs(v - windows[base + ch * t + i - 1]));
          }
        }
        double var = 0;
        for (int i = 0; i < t; i++) {
          double d = windows[base + ch * t + i] - mean;
          var += d * d / t;
        }
        assertThat(features[fb + ch]).isCloseTo((float) mean, within(1e-4f));
        assertThat(features[fb + 6 + ch]).isCloseTo((float) Math.sqrt(var), within(1e-3f));
        assertThat(features[fb + 12 + ch]).isCloseTo((float) min, within(1e-5f));
        assertThat(features[fb + 18 + ch]).isCloseTo((float) max, within(1e-5f));
        assertThat(features[fb + 24 + ch]).isCloseTo((float) step, within(1e-4f));
      }
      // speed (channel 6): mean of the last of five segments
      int seg = t / FeatureGraph.SEGMENTS;
      double last = 0;
      for (int i = t - seg; i < t; i++) {
        last += windows[base + 6 * t + i] / seg;
      }
      assertThat(features[fb + names.indexOf("speed_seg4_mean")])
          .isCloseTo((float) last, within(1e-4f));
      double hmax = 0;
      for (int i = 0; i < t; i++) {
        double ax = windows[base + i];
        double ay = windows[base + t + i];
        hmax = Math.max(hmax, Math.sqrt(ax * ax + ay * ay));
      }
      assertThat(features[fb + names.indexOf("horizontal_max")])
          .isCloseTo((float) hmax, within(1e-4f));
    }
  }

  @Test
  void standardizationIsASignedLog() {
    float[] z;
    try (OnnxFunction f =
        new OnnxFunction(FeatureGraph.standardizerModel(new float[] {1, 0}, new float[] {2, 1}))) {
      z = f.apply(new float[] {5, -3}, 1, new long[] {2}, "z", 2);
    }
    assertThat(z[0]).isCloseTo((float) Math.log(3), within(1e-6f));
    assertThat(z[1]).isCloseTo((float) -Math.log(4), within(1e-6f));
  }
}
