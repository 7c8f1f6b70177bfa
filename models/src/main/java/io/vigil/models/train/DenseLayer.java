package io.vigil.models.train;

/**
 * One fully connected layer's trained weights, as ONNX Gemm with {@code transB = 1} expects them.
 *
 * @param in inputs
 * @param out outputs
 * @param weight {@code [out][in]}, row-major
 * @param bias {@code [out]}
 */
public record DenseLayer(int in, int out, float[] weight, float[] bias) {

  public DenseLayer {
    if (weight.length != in * out || bias.length != out) {
      throw new IllegalArgumentException("layer " + in + "→" + out + " has wrong weight sizes");
    }
  }
}
