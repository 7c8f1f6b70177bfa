package io.vigil.inference.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The window features against a plain reference of the documented formulas, in doubles. */
class WindowFeaturesTest {

  private final InputSpec spec = InputSpec.v1();

  @Test
  void computesTheDocumentedFeatures() {
    int c = spec.channels().size();
    int t = spec.windowSamples();
    SplittableRandom rng = new SplittableRandom(5);
    int n = 7;
    float[] windows = new float[n * c * t];
    for (int i = 0; i < windows.length; i++) {
      windows[i] = (float) (rng.nextDouble() * 20 - 10);
    }
    float[] features = WindowFeatures.of(spec).computeAll(windows, n);
    List<String> names = WindowFeatures.names();
    for (int w = 0; w < n; w++) {
      float[] expected = reference(windows, w * c * t);
      for (int f = 0; f < names.size(); f++) {
        assertThat(features[w * names.size() + f])
            .as("window %d feature %s", w, names.get(f))
            .isCloseTo(expected[f], within(2e-4f * Math.max(1f, Math.abs(expected[f]))));
      }
    }
  }

  /** The documented features of the window at {@code base}, computed plainly in doubles. */
  private float[] reference(float[] windows, int base) {
    int t = spec.windowSamples();
    int seg = t / WindowFeatures.SEGMENTS;
    List<String> names = WindowFeatures.names();
    float[] out = new float[names.size()];
    for (int f = 0; f < names.size(); f++) {
      String name = names.get(f);
      if (name.startsWith("horizontal_")) {
        double max = 0;
        double sum = 0;
        for (int i = 0; i < t; i++) {
          double ax = windows[base + channelAt("accel_x") + i];
          double ay = windows[base + channelAt("accel_y") + i];
          double h = Math.sqrt(ax * ax + ay * ay);
          max = Math.max(max, h);
          sum += h;
        }
        out[f] = (float) (name.endsWith("max") ? max : sum / t);
        continue;
      }
      String[] parts = name.split("_");
      String stat = parts[parts.length - 1];
      boolean segmented = parts[parts.length - 2].startsWith("seg");
      String channel = name.substring(0, name.indexOf(segmented ? "_seg" : "_" + stat));
      int from = base + channelAt(channel);
      int lo = 0;
      int hi = t;
      if (segmented) {
        int s = Integer.parseInt(parts[parts.length - 2].substring(3));
        lo = s * seg;
        hi = lo + seg;
      }
      double mean = 0;
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      double step = 0;
      for (int i = lo; i < hi; i++) {
        double v = windows[from + i];
        mean += v / (hi - lo);
        min = Math.min(min, v);
        max = Math.max(max, v);
        if (i > lo) {
          step = Math.max(step, Math.abs(v - windows[from + i - 1]));
        }
      }
      double var = 0;
      for (int i = lo; i < hi; i++) {
        double d = windows[from + i] - mean;
        var += d * d / (hi - lo);
      }
      out[f] =
          (float)
              switch (stat) {
                case "mean", "share" -> mean;
                case "std" -> Math.sqrt(var);
                case "min" -> min;
                case "max" -> max;
                case "step" -> step;
                case "range" -> max - min;
                default -> throw new IllegalStateException("untested feature " + name);
              };
    }
    return out;
  }

  private int channelAt(String wireName) {
    for (int k = 0; k < spec.channels().size(); k++) {
      if (spec.channels().get(k).wireName().equals(wireName)) {
        return k * spec.windowSamples();
      }
    }
    throw new IllegalArgumentException("no channel " + wireName);
  }

  @Test
  void aSpecWithoutTheNeededChannelsIsRefused() {
    InputSpec imuOnly =
        new InputSpec(
            "window",
            50,
            125,
            25,
            List.of(ModelChannel.ACCEL_X, ModelChannel.ACCEL_Y, ModelChannel.ACCEL_Z),
            0.1,
            2.0);
    assertThatThrownBy(() -> WindowFeatures.of(imuOnly))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lacks channel gyro_x");
  }
}
