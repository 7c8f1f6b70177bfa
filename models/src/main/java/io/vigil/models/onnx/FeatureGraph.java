package io.vigil.models.onnx;

import io.vigil.inference.input.InputSpec;
import io.vigil.inference.input.ModelChannel;
import io.vigil.models.onnx.GraphBuilder.Attr;
import io.vigil.models.onnx.proto.Onnx.TensorProto.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The model's preprocessing, as ONNX operators: summary features of a raw window, then a
 * standardisation with a signed log that tames collision spikes. It is the only implementation of
 * preprocessing: it sits at the front of every shipped model, and training computes its features by
 * running the same graph in ONNX Runtime ({@link #featureModel}, {@link #standardizerModel}).
 *
 * <p>Features: for the six IMU channels mean, standard deviation, min, max and the largest
 * sample-to-sample step; for longitudinal, lateral and vertical acceleration, yaw rate and speed
 * the mean of each of {@value #SEGMENTS} equal segments (the shape of a manoeuvre in time); for the
 * three accelerations the peak-to-peak range per segment (where an impact is); the largest and mean
 * horizontal acceleration (independent of heading); and the share of the window with a valid speed
 * and a known heading.
 */
public final class FeatureGraph {

  /** Segments a window is cut into for the shape features. */
  public static final int SEGMENTS = 5;

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
  private static final ModelChannel[] FLAGS = {
    ModelChannel.SPEED_VALID, ModelChannel.HEADING_KNOWN
  };

  private FeatureGraph() {}

  /** Feature names in the order of the features tensor. */
  public static List<String> names() {
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
    for (int a = 0; a < 3; a++) {
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

  /**
   * Adds the feature nodes for input {@code window} ({@code [N, C, T]}); returns {@code [N, F]}.
   */
  public static String features(GraphBuilder g, String window, InputSpec spec) {
    int t = spec.windowSamples();
    if (t % SEGMENTS != 0) {
      throw new IllegalArgumentException(
          "window of " + t + " frames does not split into " + SEGMENTS + " segments");
    }
    String imu = gather(g, window, spec, IMU);
    String mean = g.node("ReduceMean", null, new String[] {imu}, axes(2), keep(1));
    String centered = g.op("Sub", imu, mean);
    String variance =
        g.node(
            "ReduceMean", null, new String[] {g.op("Mul", centered, centered)}, axes(2), keep(0));
    String std = g.op("Sqrt", variance);
    String min = g.node("ReduceMin", null, new String[] {imu}, axes(2), keep(0));
    String max = g.node("ReduceMax", null, new String[] {imu}, axes(2), keep(0));
    String later = slice(g, imu, 1, t);
    String earlier = slice(g, imu, 0, t - 1);
    String step =
        g.node(
            "ReduceMax",
            null,
            new String[] {g.op("Abs", g.op("Sub", later, earlier))},
            axes(2),
            keep(0));
    String flatMean = g.op("Reshape", mean, g.longs(0, -1));

    String shape = gather(g, window, spec, SHAPE);
    String shapeSegments = g.op("Reshape", shape, g.longs(0, SHAPE.length, SEGMENTS, t / SEGMENTS));
    String segmentMeans =
        g.op(
            "Reshape",
            g.node("ReduceMean", null, new String[] {shapeSegments}, axes(3), keep(0)),
            g.longs(0, -1));

    String accel = slice1(g, centered, 0, 3);
    String accelSegments = g.op("Reshape", accel, g.longs(0, 3, SEGMENTS, t / SEGMENTS));
    String segMax = g.node("ReduceMax", null, new String[] {accelSegments}, axes(3), keep(0));
    String segMin = g.node("ReduceMin", null, new String[] {accelSegments}, axes(3), keep(0));
    String ranges = g.op("Reshape", g.op("Sub", segMax, segMin), g.longs(0, -1));

    String ax = gather(g, window, spec, new ModelChannel[] {ModelChannel.ACCEL_X});
    String ay = gather(g, window, spec, new ModelChannel[] {ModelChannel.ACCEL_Y});
    String horizontal = g.op("Sqrt", g.op("Add", g.op("Mul", ax, ax), g.op("Mul", ay, ay)));
    String hMax = g.node("ReduceMax", null, new String[] {horizontal}, axes(2), keep(0));
    String hMean = g.node("ReduceMean", null, new String[] {horizontal}, axes(2), keep(0));

    String flags =
        g.node("ReduceMean", null, new String[] {gather(g, window, spec, FLAGS)}, axes(2), keep(0));

    return g.node(
        "Concat",
        null,
        new String[] {flatMean, std, min, max, step, segmentMeans, ranges, hMax, hMean, flags},
        Attr.i("axis", 1));
  }

  /**
   * Adds {@code z = sign(u)·ln(1 + |u|)} with {@code u = (features − mean) / scale}: unit-free
   * inputs whose spikes grow only logarithmically. Returns {@code [N, F]}.
   */
  public static String standardized(GraphBuilder g, String features, float[] mean, float[] scale) {
    int f = mean.length;
    String u =
        g.op(
            "Div",
            g.op("Sub", features, g.floats("feature_mean", mean, f)),
            g.floats("feature_scale", scale, f));
    String magnitude = g.op("Log", g.op("Add", g.op("Abs", u), g.scalar(1f)));
    return g.node("Mul", "z", new String[] {g.op("Sign", u), magnitude});
  }

  /** A model from raw windows to features, for computing training data. */
  public static byte[] featureModel(InputSpec spec) {
    GraphBuilder g = new GraphBuilder("vigil-features");
    String window =
        g.input(
            spec.tensorName(), DataType.FLOAT, -1, spec.channels().size(), spec.windowSamples());
    String features = features(g, window, spec);
    String out = g.node("Identity", "features", new String[] {features});
    g.output(out, DataType.FLOAT, -1, names().size());
    return g.build("Vigil window features", Map.of()).toByteArray();
  }

  /** A model from features to standardised features. */
  public static byte[] standardizerModel(float[] mean, float[] scale) {
    GraphBuilder g = new GraphBuilder("vigil-standardizer");
    String in = g.input("features", DataType.FLOAT, -1, mean.length);
    String z = standardized(g, in, mean, scale);
    g.output(z, DataType.FLOAT, -1, mean.length);
    return g.build("Vigil feature standardisation", Map.of()).toByteArray();
  }

  private static String gather(
      GraphBuilder g, String window, InputSpec spec, ModelChannel[] channels) {
    long[] idx = new long[channels.length];
    for (int i = 0; i < channels.length; i++) {
      idx[i] = spec.channels().indexOf(channels[i]);
      if (idx[i] < 0) {
        throw new IllegalArgumentException("the input spec lacks channel " + channels[i]);
      }
    }
    return g.node("Gather", null, new String[] {window, g.longs(idx)}, Attr.i("axis", 1));
  }

  private static String slice(GraphBuilder g, String x, long from, long to) {
    return g.op("Slice", x, g.longs(from), g.longs(to), g.longs(2));
  }

  private static String slice1(GraphBuilder g, String x, long from, long to) {
    return g.op("Slice", x, g.longs(from), g.longs(to), g.longs(1));
  }

  private static Attr axes(long axis) {
    return Attr.ints("axes", axis);
  }

  private static Attr keep(long keep) {
    return Attr.i("keepdims", keep);
  }
}
