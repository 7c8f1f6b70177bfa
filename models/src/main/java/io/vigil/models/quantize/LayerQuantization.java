package io.vigil.models.quantize;

import io.vigil.models.train.DenseLayer;

/**
 * Int8 QDQ parameters of one Gemm layer: its input quantised to uint8 with a scale and zero point
 * from calibration, its weights to int8 symmetric per output channel, its bias to int32 with scale
 * {@code inputScale × weightScale} — the form ONNX Runtime fuses into QGemm.
 *
 * @param inputScale activation scale
 * @param inputZeroPoint activation zero point, 0..255
 * @param weightScale per output channel
 * @param weight int8 weights {@code [out][in]}
 * @param bias int32 bias {@code [out]}
 */
public record LayerQuantization(
    float inputScale, int inputZeroPoint, float[] weightScale, byte[] weight, int[] bias) {

  /** Quantises {@code layer} for inputs observed in {@code [min, max]}. */
  public static LayerQuantization of(DenseLayer layer, float min, float max) {
    float lo = Math.min(0f, min);
    float hi = Math.max(0f, max);
    float scale = hi > lo ? (hi - lo) / 255f : 1f;
    int zeroPoint = Math.round(-lo / scale);
    zeroPoint = Math.max(0, Math.min(255, zeroPoint));
    float[] wScale = new float[layer.out()];
    byte[] w = new byte[layer.weight().length];
    int[] b = new int[layer.out()];
    for (int o = 0; o < layer.out(); o++) {
      float absMax = 0;
      for (int i = 0; i < layer.in(); i++) {
        absMax = Math.max(absMax, Math.abs(layer.weight()[o * layer.in() + i]));
      }
      wScale[o] = absMax > 0 ? absMax / 127f : 1f;
      for (int i = 0; i < layer.in(); i++) {
        int q = Math.round(layer.weight()[o * layer.in() + i] / wScale[o]);
        w[o * layer.in() + i] = (byte) Math.max(-127, Math.min(127, q));
      }
      b[o] = Math.round(layer.bias()[o] / (scale * wScale[o]));
    }
    return new LayerQuantization(scale, zeroPoint, wScale, w, b);
  }
}
