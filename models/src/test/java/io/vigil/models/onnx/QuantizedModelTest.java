package io.vigil.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.inference.input.InputSpec;
import io.vigil.inference.input.WindowFeatures;
import io.vigil.inference.onnx.OnnxWindowModel;
import io.vigil.models.onnx.proto.Onnx;
import io.vigil.models.quantize.Calibration;
import io.vigil.models.quantize.LayerQuantization;
import io.vigil.models.train.DenseLayer;
import io.vigil.models.train.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The int8 QDQ graph loads in ONNX Runtime, fuses into QGemm, and stays close to FP32. */
class QuantizedModelTest {

  @TempDir Path dir;

  @Test
  void onnxRuntimeFusesEveryGemmIntoQGemmAndAgreesWithFp32() throws Exception {
    InputSpec spec = InputSpec.v1();
    int f = WindowFeatures.count();
    SplittableRandom rng = new SplittableRandom(9);
    List<DenseLayer> layers = new ArrayList<>();
    int in = f;
    for (int out : new int[] {32, 16, 8}) {
      float[] w = new float[in * out];
      float[] b = new float[out];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) ((rng.nextDouble() - 0.5) / Math.sqrt(in));
      }
      for (int i = 0; i < out; i++) {
        b[i] = (float) (rng.nextDouble() - 0.5) * 0.1f;
      }
      layers.add(new DenseLayer(in, out, w, b));
      in = out;
    }
    float[] mean = new float[f];
    float[] scale = new float[f];
    java.util.Arrays.fill(scale, 3f);
    float[] centroids = new float[4 * f];
    TrainedModel model = new TrainedModel(mean, scale, layers, centroids, 1f);

    int n = 64;
    float[] windows = new float[n * spec.windowFloats()];
    for (int i = 0; i < windows.length; i++) {
      windows[i] = (float) (rng.nextDouble() * 4 - 2);
    }
    List<LayerQuantization> q = Calibration.calibrate(spec, model, windows, n);
    byte[] int8 = ModelGraph.build(spec, model, Optional.of(q), false, Map.of());
    byte[] fp32 = ModelGraph.build(spec, model, Optional.empty(), false, Map.of());

    Path optimized = dir.resolve("optimized.onnx");
    float[] p8 = new float[n * 8];
    float[] p32 = new float[n * 8];
    float[] a = new float[n];
    try (OnnxWindowModel m8 =
            OnnxWindowModel.load(
                int8,
                spec,
                ModelGraph.PROBABILITIES,
                ModelGraph.ANOMALY,
                new OnnxWindowModel.Options(1, Optional.of(optimized)));
        OnnxWindowModel m32 =
            OnnxWindowModel.load(
                fp32,
                spec,
                ModelGraph.PROBABILITIES,
                ModelGraph.ANOMALY,
                OnnxWindowModel.Options.defaults())) {
      m8.run(windows, n, p8, a);
      m32.run(windows, n, p32, a);
    }
    Onnx.ModelProto graph = Onnx.ModelProto.parseFrom(Files.readAllBytes(optimized));
    List<String> ops =
        graph.getGraph().getNodeList().stream().map(Onnx.NodeProto::getOpType).toList();
    assertThat(ops).filteredOn("QGemm"::equals).hasSize(3);
    assertThat(ops).doesNotContain("Gemm");
    double maxDiff = 0;
    for (int i = 0; i < p8.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(p8[i] - p32[i]));
    }
    assertThat(maxDiff).isLessThan(0.05);
    assertThat(int8.length).isLessThan(fp32.length);
  }
}
