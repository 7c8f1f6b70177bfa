package io.vigil.models.onnx;

import io.vigil.models.onnx.proto.Onnx.TensorProto.DataType;
import java.util.Map;

/**
 * The front of every shipped graph: a standardisation of the window features with a signed log that
 * tames collision spikes. Training computes its inputs by running the same nodes in ONNX Runtime
 * ({@link #standardizerModel}), so the classifier trains on exactly what it later sees.
 */
public final class StandardizationGraph {

  private StandardizationGraph() {}

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

  /** A model from features to standardised features. */
  public static byte[] standardizerModel(float[] mean, float[] scale) {
    GraphBuilder g = new GraphBuilder("vigil-standardizer");
    String in = g.input("features", DataType.FLOAT, -1, mean.length);
    String z = standardized(g, in, mean, scale);
    g.output(z, DataType.FLOAT, -1, mean.length);
    return g.build("Vigil feature standardisation", Map.of()).toByteArray();
  }
}
