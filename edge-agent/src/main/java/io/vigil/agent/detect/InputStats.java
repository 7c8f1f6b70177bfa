package io.vigil.agent.detect;

import io.vigil.inference.input.InputHistograms;
import io.vigil.inference.input.InputSpec;
import io.vigil.inference.input.ModelChannel;
import io.vigil.protocol.Telemetry;
import java.util.ArrayList;
import java.util.List;

/**
 * Running mean, standard deviation, minimum and maximum of each model input channel over the
 * windows since the last report, and a histogram over the channel's protocol-defined bins ({@link
 * InputHistograms}, counted as the training data's reference is): what telemetry carries so that
 * the cloud can compare the fleet's inputs with the training data's (drift). Each window
 * contributes its newest hop of frames, so overlapping windows do not count a frame five times.
 * Allocation-free per window.
 */
final class InputStats {

  private final List<ModelChannel> channels;
  private final int frames;
  private final int hop;
  private final long[] count;
  private final double[] sum;
  private final double[] sumSq;
  private final double[] min;
  private final double[] max;
  private final InputHistograms histograms;

  InputStats(InputSpec spec) {
    this.channels = spec.channels();
    this.frames = spec.windowSamples();
    this.hop = spec.hopSamples();
    int c = channels.size();
    count = new long[c];
    sum = new double[c];
    sumSq = new double[c];
    min = new double[c];
    max = new double[c];
    histograms = new InputHistograms(spec);
    reset();
  }

  void add(float[] window) {
    histograms.add(window, 0);
    for (int c = 0; c < channels.size(); c++) {
      int base = c * frames;
      for (int i = frames - hop; i < frames; i++) {
        double v = window[base + i];
        sum[c] += v;
        sumSq[c] += v * v;
        min[c] = Math.min(min[c], v);
        max[c] = Math.max(max[c], v);
      }
      count[c] += hop;
    }
  }

  List<Telemetry.FeatureStats> drain() {
    List<Telemetry.FeatureStats> out = new ArrayList<>(channels.size());
    for (int c = 0; c < channels.size(); c++) {
      if (count[c] == 0) {
        continue;
      }
      double mean = sum[c] / count[c];
      double variance = Math.max(0, sumSq[c] / count[c] - mean * mean);
      out.add(
          new Telemetry.FeatureStats(
              channels.get(c).wireName(),
              count[c],
              round(mean),
              round(Math.sqrt(variance)),
              round(min[c]),
              round(max[c]),
              java.util.Arrays.stream(histograms.counts(c)).boxed().toList()));
    }
    reset();
    return out;
  }

  private void reset() {
    java.util.Arrays.fill(count, 0);
    java.util.Arrays.fill(sum, 0);
    java.util.Arrays.fill(sumSq, 0);
    java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    histograms.clear();
  }

  private static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }
}
