package io.vigil.inference.input;

import io.vigil.protocol.drift.FeatureBins;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Histograms of a model's input channels over the protocol's fixed bins ({@link FeatureBins}),
 * counted the same way everywhere: each window adds its newest hop of frames, so overlapping
 * windows count every frame once. The agent counts its live inputs with it (telemetry's {@code
 * featureStats}) and the model pipeline the training windows (a package's drift reference), so the
 * two are comparable bin by bin. Channels without protocol bins are not counted. Not thread-safe;
 * {@link #add(InputHistograms)} merges counts made elsewhere. Allocation-free per window.
 */
public final class InputHistograms {

  private final List<ModelChannel> channels;
  private final int frames;
  private final int hop;
  private final FeatureBins[] bins;
  private final long[][] counts;

  public InputHistograms(InputSpec spec) {
    this.channels = spec.channels();
    this.frames = spec.windowSamples();
    this.hop = spec.hopSamples();
    bins = new FeatureBins[channels.size()];
    counts = new long[channels.size()][];
    for (int c = 0; c < channels.size(); c++) {
      bins[c] = FeatureBins.of(channels.get(c).wireName()).orElse(null);
      counts[c] = bins[c] == null ? new long[0] : new long[bins[c].size()];
    }
  }

  /** Counts the newest hop of the window at {@code offset} of {@code windows}. */
  public void add(float[] windows, int offset) {
    for (int c = 0; c < channels.size(); c++) {
      if (bins[c] == null) {
        continue;
      }
      int base = offset + c * frames;
      for (int i = frames - hop; i < frames; i++) {
        counts[c][bins[c].index(windows[base + i])]++;
      }
    }
  }

  /** Counts {@code count} windows laid out back to back. */
  public void addAll(float[] windows, int count) {
    int floats = channels.size() * frames;
    for (int w = 0; w < count; w++) {
      add(windows, w * floats);
    }
  }

  /** Adds another's counts (the same spec). */
  public void add(InputHistograms other) {
    if (!other.channels.equals(channels)) {
      throw new IllegalArgumentException("histograms of other channels");
    }
    for (int c = 0; c < counts.length; c++) {
      for (int b = 0; b < counts[c].length; b++) {
        counts[c][b] += other.counts[c][b];
      }
    }
  }

  /** The counts of channel {@code c} (in spec order), empty if it has no protocol bins. */
  public long[] counts(int c) {
    return counts[c].clone();
  }

  /** Counts by channel wire name, for the channels with protocol bins. */
  public Map<String, long[]> byChannel() {
    Map<String, long[]> out = new LinkedHashMap<>();
    for (int c = 0; c < channels.size(); c++) {
      if (bins[c] != null) {
        out.put(channels.get(c).wireName(), counts[c].clone());
      }
    }
    return out;
  }

  public void clear() {
    for (long[] h : counts) {
      Arrays.fill(h, 0);
    }
  }
}
