package io.vigil.models.quantize;

import io.vigil.inference.input.InputSpec;
import io.vigil.inference.input.WindowFeatures;
import io.vigil.models.onnx.ModelGraph;
import io.vigil.models.onnx.OnnxFunction;
import io.vigil.models.train.TrainedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Post-training static calibration: runs the FP32 model on calibration windows, observes the range
 * of every Gemm layer's input and derives that layer's int8 QDQ parameters.
 */
public final class Calibration {

  private Calibration() {}

  public static List<LayerQuantization> calibrate(
      InputSpec spec, TrainedModel model, float[] windows, int count) {
    byte[] probe = ModelGraph.build(spec, model, Optional.empty(), true, Map.of());
    List<LayerQuantization> out = new ArrayList<>();
    float[] features = WindowFeatures.of(spec).computeAll(windows, count);
    try (OnnxFunction f = new OnnxFunction(probe)) {
      for (int i = 0; i < model.layers().size(); i++) {
        int width = model.layers().get(i).in();
        float[] values =
            f.apply(
                features,
                count,
                new long[] {WindowFeatures.count()},
                ModelGraph.layerInput(i),
                width);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : values) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        out.add(LayerQuantization.of(model.layers().get(i), min, max));
      }
    }
    return out;
  }
}
