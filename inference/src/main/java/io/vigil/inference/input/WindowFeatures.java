package io.vigil.inference.input;

import java.util.ArrayList;
import java.util.List;

/**
 * The model's preprocessing: summary features of a raw window, computed in one pass per channel. It
 * is the only implementation: training computes its rows with it and {@code OnnxWindowModel} with
 * it on the agent, so a model sees exactly what it was trained on. It replaced features built from
 * ONNX operators inside the graph, which cost about half of a window's inference time in
 * per-operator overhead of ONNX Runtime (about 50 small nodes).
 *
 * <p>Features, in this order: for the six IMU channels mean, standard deviation, min, max and the
 * largest sample-to-sample step; for longitudinal, lateral and vertical acceleration, yaw rate and
 * speed the mean of each of {@value #SEGMENTS} equal segments (the shape of a manoeuvre in time);
 * for the three accelerations the peak-to-peak range per segment (where an impact is); the largest
 * and mean horizontal acceleration (independent of heading); and the share of the window with a
 * valid speed and a known heading. Stateless and thread-safe; allocation-free per window.
 */
public final class WindowFeatures {

  /** Segments a window is cut into for the shape features. */
  public static final int SEGMENTS = 5;

  /** Identifies this feature set in a package manifest's input layout. */
  public static final String LAYOUT = "features-v1";

  private static final ModelChannel[] IMU = {
    ModelChannel.ACCEL_X, ModelChannel.ACCEL_Y, ModelChannel.ACCEL_Z,
    ModelChannel.GYRO_X, ModelChannel.GYRO_Y, ModelChannel.GYRO_Z
  };
  private static final ModelChannel[] SHAPE = {
    ModelChannel.ACCEL_X,
    ModelChannel.ACCEL_Y,
    ModelChannel.ACCEL_Z,
    ModelChannel.GYRO_Z,
    ModelChannel.SPEED
  };
  private static final int RANGED = 3;
  private static final ModelChannel[] FLAGS = {
    ModelChannel.SPEED_VALID, ModelChannel.HEADING_KNOWN
  };
  private static final List<String> NAMES = buildNames();

  private final int frames;
  private final int windowFloats;
  private final int segment;
  private final int[] imu;
  private final int[] shape;
  private final int[] flags;

  private WindowFeatures(InputSpec spec) {
    frames = spec.windowSamples();
    if (frames % SEGMENTS != 0) {
      throw new IllegalArgumentException(
          "window of " + frames + " frames does not split into " + SEGMENTS + " segments");
    }
    windowFloats = spec.windowFloats();
    segment = frames / SEGMENTS;
    imu = offsets(spec, IMU);
    shape = offsets(spec, SHAPE);
    flags = offsets(spec, FLAGS);
  }

  /** Features of windows laid out as {@code spec} says; refuses specs that lack a channel. */
  public static WindowFeatures of(InputSpec spec) {
    return new WindowFeatures(spec);
  }

  /** Feature names in output order. */
  public static List<String> names() {
    return NAMES;
  }

  /** Features per window. */
  public static int count() {
    return NAMES.size();
  }

  /**
   * Writes the features of the window starting at {@code in[inOffset]} ({@code [C, T]}) to {@code
   * out[outOffset ..]}.
   */
  public void compute(float[] in, int inOffset, float[] out, int outOffset) {
    int o = outOffset;
    int n = IMU.length;
    for (int k = 0; k < n; k++) {
      int base = inOffset + imu[k];
      double sum = 0;
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      float step = 0;
      float previous = in[base];
      // Plain comparisons: Math.min/max on floats also order NaN and -0, at several times the
      // cost, and windows hold neither NaN (missing frames are held) nor a meaningful -0.
      for (int i = 0; i < frames; i++) {
        float v = in[base + i];
        sum += v;
        if (v < min) {
          min = v;
        }
        if (v > max) {
          max = v;
        }
        float d = Math.abs(v - previous);
        if (d > step) {
          step = d;
        }
        previous = v;
      }
      double mean = sum / frames;
      double squares = 0;
      for (int i = 0; i < frames; i++) {
        double d = in[base + i] - mean;
        squares += d * d;
      }
      out[o + k] = (float) mean;
      out[o + n + k] = (float) Math.sqrt(squares / frames);
      out[o + 2 * n + k] = min;
      out[o + 3 * n + k] = max;
      out[o + 4 * n + k] = step;
    }
    o += 5 * n;
    for (int c : shape) {
      for (int s = 0; s < SEGMENTS; s++) {
        out[o++] = (float) (sum(in, inOffset + c + s * segment, segment) / segment);
      }
    }
    for (int a = 0; a < RANGED; a++) {
      for (int s = 0; s < SEGMENTS; s++) {
        int from = inOffset + imu[a] + s * segment;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < segment; i++) {
          float v = in[from + i];
          if (v < min) {
            min = v;
          }
          if (v > max) {
            max = v;
          }
        }
        out[o++] = max - min;
      }
    }
    int ax = inOffset + imu[0];
    int ay = inOffset + imu[1];
    double hSum = 0;
    for (int i = 0; i < frames; i++) {
      hSum += Math.sqrt((double) in[ax + i] * in[ax + i] + (double) in[ay + i] * in[ay + i]);
    }
    out[o++] = horizontalPeak(in, inOffset);
    out[o++] = (float) (hSum / frames);
    for (int c : flags) {
      out[o++] = (float) (sum(in, inOffset + c, frames) / frames);
    }
  }

  /**
   * The largest horizontal acceleration √(ax² + ay²) of the window at {@code in[inOffset]}, m/s²
   * (feature {@code horizontal_max}, and what the decoder's physical floor is checked against).
   */
  public float horizontalPeak(float[] in, int inOffset) {
    int ax = inOffset + imu[0];
    int ay = inOffset + imu[1];
    double max = 0;
    for (int i = 0; i < frames; i++) {
      double h = Math.sqrt((double) in[ax + i] * in[ax + i] + (double) in[ay + i] * in[ay + i]);
      if (h > max) {
        max = h;
      }
    }
    return (float) max;
  }

  /** The features of {@code count} windows laid out back to back, {@link #count()} per window. */
  public float[] computeAll(float[] windows, int count) {
    float[] out = new float[count * count()];
    for (int w = 0; w < count; w++) {
      compute(windows, w * windowFloats, out, w * count());
    }
    return out;
  }

  private static double sum(float[] in, int from, int length) {
    double s = 0;
    for (int i = 0; i < length; i++) {
      s += in[from + i];
    }
    return s;
  }

  private static int[] offsets(InputSpec spec, ModelChannel[] channels) {
    int[] out = new int[channels.length];
    for (int i = 0; i < channels.length; i++) {
      int index = spec.channels().indexOf(channels[i]);
      if (index < 0) {
        throw new IllegalArgumentException(
            "the input spec lacks channel " + channels[i].wireName() + ", which the features need");
      }
      out[i] = index * spec.windowSamples();
    }
    return out;
  }

  private static List<String> buildNames() {
    List<String> names = new ArrayList<>();
    for (String stat : new String[] {"mean", "std", "min", "max", "step"}) {
      for (ModelChannel c : IMU) {
        names.add(c.wireName() + "_" + stat);
      }
    }
    for (ModelChannel c : SHAPE) {
      for (int s = 0; s < SEGMENTS; s++) {
        names.add(c.wireName() + "_seg" + s + "_mean");
      }
    }
    for (int a = 0; a < RANGED; a++) {
      for (int s = 0; s < SEGMENTS; s++) {
        names.add(IMU[a].wireName() + "_seg" + s + "_range");
      }
    }
    names.add("horizontal_max");
    names.add("horizontal_mean");
    for (ModelChannel c : FLAGS) {
      names.add(c.wireName() + "_share");
    }
    return List.copyOf(names);
  }
}
