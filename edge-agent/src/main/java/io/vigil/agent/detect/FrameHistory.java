package io.vigil.agent.detect;

import io.vigil.inference.input.InputSpec;
import io.vigil.inference.input.ModelChannel;
import io.vigil.inference.input.VehicleFrame;
import io.vigil.protocol.PeakAcceleration;
import io.vigil.protocol.SensorSnippet;

/**
 * The last {@code seconds} of model-rate IMU frames of one vehicle, as the model saw them (rotated
 * by the calibration at the time), taken from the windows the assembler emits: each window adds the
 * frames newer than what is already held. Peak values and sensor snippets of events are read from
 * here. Preallocated; appending allocates nothing.
 */
final class FrameHistory {

  private static final double G = 9.80665;
  private static final ModelChannel[] IMU = {
    ModelChannel.ACCEL_X, ModelChannel.ACCEL_Y, ModelChannel.ACCEL_Z,
    ModelChannel.GYRO_X, ModelChannel.GYRO_Y, ModelChannel.GYRO_Z
  };

  private final int capacity;
  private final long periodNs;
  private final double rateHz;
  private final int windowSamples;
  private final int[] channelAt = new int[IMU.length];
  private final long[] tNs;
  private final float[][] values; // [channel][slot]
  private long written;
  private long lastNs = Long.MIN_VALUE;

  FrameHistory(InputSpec spec, double seconds) {
    this.rateHz = spec.rateHz();
    this.capacity = (int) Math.ceil(seconds * rateHz);
    this.periodNs = Math.round(1e9 / rateHz);
    this.windowSamples = spec.windowSamples();
    for (int i = 0; i < IMU.length; i++) {
      channelAt[i] = spec.channels().indexOf(IMU[i]);
    }
    this.tNs = new long[capacity];
    this.values = new float[IMU.length][capacity];
  }

  /** Adds the frames of {@code window} (channel-major) that are newer than those held. */
  void add(long endNs, float[] window) {
    for (int i = 0; i < windowSamples; i++) {
      long t = endNs - (long) (windowSamples - 1 - i) * periodNs;
      if (t <= lastNs) {
        continue;
      }
      int slot = (int) (written % capacity);
      tNs[slot] = t;
      for (int c = 0; c < IMU.length; c++) {
        values[c][slot] = channelAt[c] < 0 ? 0f : window[channelAt[c] * windowSamples + i];
      }
      written++;
      lastNs = t;
    }
  }

  long latestNs() {
    return lastNs;
  }

  /** Signed largest longitudinal, lateral and vertical (gravity removed) acceleration, in g. */
  PeakAcceleration peaks(long fromNs, long toNs) {
    double[] peak = new double[3];
    forEach(
        fromNs,
        toNs,
        slot -> {
          for (int c = 0; c < 3; c++) {
            double v = values[c][slot] - (c == 2 ? G : 0);
            if (Math.abs(v) > Math.abs(peak[c])) {
              peak[c] = v;
            }
          }
        });
    return new PeakAcceleration(round(peak[0] / G), round(peak[1] / G), round(peak[2] / G));
  }

  /** Largest horizontal acceleration magnitude, in g (meaningful with any yaw). */
  double horizontalPeakG(long fromNs, long toNs) {
    double[] peak = {0};
    forEach(
        fromNs,
        toNs,
        slot -> peak[0] = Math.max(peak[0], Math.hypot(values[0][slot], values[1][slot])));
    return round(peak[0] / G);
  }

  /**
   * The frames from {@code fromNs} to {@code toNs} as a snippet timed relative to {@code eventNs}.
   * With a known heading they are in the vehicle frame; otherwise they are turned back into the
   * device's axes with {@code frame}'s inverse, since a levelled frame of arbitrary yaw means
   * nothing to a reviewer.
   */
  SensorSnippet snippet(long fromNs, long toNs, long eventNs, VehicleFrame frame) {
    int[] slots = new int[capacity];
    int[] n = {0};
    forEach(fromNs, toNs, slot -> slots[n[0]++] = slot);
    double[][] axes = new double[6][n[0]];
    double[] r = frame.rotation();
    for (int i = 0; i < n[0]; i++) {
      int s = slots[i];
      for (int c = 0; c < 6; c++) {
        axes[c][i] = values[c][s];
      }
      if (!frame.headingKnown()) {
        for (int block = 0; block < 6; block += 3) {
          double x = axes[block][i];
          double y = axes[block + 1][i];
          double z = axes[block + 2][i];
          // R is orthonormal: its transpose takes vehicle axes back to the device's.
          axes[block][i] = r[0] * x + r[3] * y + r[6] * z;
          axes[block + 1][i] = r[1] * x + r[4] * y + r[7] * z;
          axes[block + 2][i] = r[2] * x + r[5] * y + r[8] * z;
        }
      }
    }
    long first = n[0] == 0 ? eventNs : tNs[slots[0]];
    return new SensorSnippet(
        rateHz,
        Math.round((first - eventNs) / 1e6),
        frame.headingKnown() ? SensorSnippet.Frame.VEHICLE : SensorSnippet.Frame.DEVICE,
        axes[0],
        axes[1],
        axes[2],
        axes[3],
        axes[4],
        axes[5]);
  }

  private void forEach(long fromNs, long toNs, java.util.function.IntConsumer slot) {
    long held = Math.min(written, capacity);
    for (long k = written - held; k < written; k++) {
      int s = (int) (k % capacity);
      if (tNs[s] >= fromNs && tNs[s] <= toNs) {
        slot.accept(s);
      }
    }
  }

  private static double round(double g) {
    return Math.round(g * 1000) / 1000.0;
  }
}
