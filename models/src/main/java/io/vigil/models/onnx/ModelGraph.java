package io.vigil.models.onnx;

import io.vigil.inference.input.InputSpec;
import io.vigil.inference.input.WindowFeatures;
import io.vigil.models.onnx.GraphBuilder.Attr;
import io.vigil.models.onnx.proto.Onnx.TensorProto.DataType;
import io.vigil.models.quantize.LayerQuantization;
import io.vigil.models.train.DenseLayer;
import io.vigil.models.train.TrainedModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shipped model as one ONNX graph: a window's {@link WindowFeatures} (tensor {@value #INPUT},
 * layout {@value WindowFeatures#LAYOUT}, computed by the agent) → standardised features →
 * classifier (Gemm, ReLU, …, softmax) → {@value #PROBABILITIES}, and the same standardised features
 * → distance to the nearest training cluster → {@value #ANOMALY}. With quantisation parameters
 * every Gemm is written in QDQ form (uint8 activations, int8 per-channel weights, int32 bias),
 * which ONNX Runtime fuses into QGemm.
 */
public final class ModelGraph {

  /** The graph's input: {@code [N, F]} window features. */
  public static final String INPUT = "features";

  public static final String PROBABILITIES = "probabilities";
  public static final String ANOMALY = "anomaly";

  /** Name of the tensor that feeds Gemm layer {@code i}: what calibration observes. */
  public static String layerInput(int i) {
    return "layer" + i + "_input";
  }

  private ModelGraph() {}

  /**
   * Builds the model.
   *
   * @param quantization per layer, or empty for FP32
   * @param exposeLayerInputs also output every Gemm input (for calibration)
   */
  public static byte[] build(
      InputSpec spec,
      TrainedModel model,
      Optional<List<LayerQuantization>> quantization,
      boolean exposeLayerInputs,
      Map<String, String> metadata) {
    GraphBuilder g = new GraphBuilder("vigil-driving");
    WindowFeatures.of(spec); // refuses a spec the features cannot be computed from
    String features = g.input(INPUT, DataType.FLOAT, -1, WindowFeatures.count());
    String z =
        StandardizationGraph.standardized(g, features, model.featureMean(), model.featureScale());

    String x = z;
    List<DenseLayer> layers = model.layers();
    for (int i = 0; i < layers.size(); i++) {
      String in = g.node("Identity", layerInput(i), new String[] {x});
      if (exposeLayerInputs) {
        g.output(in, DataType.FLOAT, -1, layers.get(i).in());
      }
      String y =
          quantization.isPresent()
              ? qdqGemm(g, i, in, layers.get(i), quantization.get().get(i))
              : gemm(g, i, in, layers.get(i));
      x = i < layers.size() - 1 ? g.op("Relu", y) : y;
    }
    String probabilities = g.node("Softmax", PROBABILITIES, new String[] {x}, Attr.i("axis", 1));
    g.output(probabilities, DataType.FLOAT, -1, model.classes());

    String anomaly = anomaly(g, z, model);
    g.output(anomaly, DataType.FLOAT, -1, 1);
    return g.build(
            "Vigil driving-event classifier with anomaly score"
                + (quantization.isPresent() ? " (int8 QDQ)" : " (FP32)"),
            metadata)
        .toByteArray();
  }

  private static String gemm(GraphBuilder g, int i, String x, DenseLayer layer) {
    String w = g.floats("w" + i, layer.weight(), layer.out(), layer.in());
    String b = g.floats("b" + i, layer.bias(), layer.out());
    return g.node("Gemm", null, new String[] {x, w, b}, Attr.i("transB", 1));
  }

  private static String qdqGemm(
      GraphBuilder g, int i, String x, DenseLayer layer, LayerQuantization q) {
    String xScale = g.floats("x" + i + "_scale", new float[] {q.inputScale()});
    String xZero = g.uint8s("x" + i + "_zero", new byte[] {(byte) q.inputZeroPoint()});
    String xq = g.op("QuantizeLinear", x, xScale, xZero);
    String xdq = g.op("DequantizeLinear", xq, xScale, xZero);

    String wq = g.int8s("w" + i + "_q", q.weight(), layer.out(), layer.in());
    String wScale = g.floats("w" + i + "_scale", q.weightScale(), layer.out());
    String wZero = g.int8s("w" + i + "_zero", new byte[layer.out()], layer.out());
    String wdq =
        g.node("DequantizeLinear", null, new String[] {wq, wScale, wZero}, Attr.i("axis", 0));

    float[] bScaleValues = new float[layer.out()];
    for (int o = 0; o < layer.out(); o++) {
      bScaleValues[o] = q.inputScale() * q.weightScale()[o];
    }
    String bq = g.int32s("b" + i + "_q", q.bias(), layer.out());
    String bScale = g.floats("b" + i + "_scale", bScaleValues, layer.out());
    String bZero = g.int32s("b" + i + "_zero", new int[layer.out()], layer.out());
    String bdq =
        g.node("DequantizeLinear", null, new String[] {bq, bScale, bZero}, Attr.i("axis", 0));
    return g.node("Gemm", null, new String[] {xdq, wdq, bdq}, Attr.i("transB", 1));
  }

  /** sqrt(min_k mean_j (z_j − c_kj)²) / scale, as {@code [N, 1]}. */
  private static String anomaly(GraphBuilder g, String z, TrainedModel model) {
    String centroids = g.floats("centroids", model.centroids(), model.clusters(), model.features());
    String expanded = g.op("Unsqueeze", z, g.longs(1));
    String diff = g.op("Sub", expanded, centroids);
    String meanSquare =
        g.node(
            "ReduceMean",
            null,
            new String[] {g.op("Mul", diff, diff)},
            Attr.ints("axes", 2),
            Attr.i("keepdims", 0));
    String nearest =
        g.node(
            "ReduceMin",
            null,
            new String[] {meanSquare},
            Attr.ints("axes", 1),
            Attr.i("keepdims", 1));
    return g.node(
        "Mul", ANOMALY, new String[] {g.op("Sqrt", nearest), g.scalar(1f / model.anomalyScale())});
  }
}
