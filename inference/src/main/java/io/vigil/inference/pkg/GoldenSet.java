package io.vigil.inference.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A package's golden self-test: a few input windows and the outputs the model gave for them where
 * it was built. An agent runs them after loading a model (at start, after an update, in {@code
 * selftest}) and refuses a model whose outputs differ: a corrupt file, a broken runtime or a
 * platform that computes differently shows up before any real window is scored.
 *
 * @param count windows
 * @param windows the windows back to back, {@code count × C × T}
 * @param probabilities expected class probabilities, {@code count × K}
 * @param anomaly expected anomaly scores, {@code count}
 */
public record GoldenSet(int count, float[] windows, float[] probabilities, float[] anomaly) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The comparison of a model's outputs with the golden ones.
   *
   * @param maxProbabilityDiff largest absolute difference of a class probability
   * @param maxAnomalyDiff largest relative difference of an anomaly score
   * @param topClassAgreement windows whose most probable class is the expected one
   * @param passed whether every window agrees on its top class and stays within the tolerance
   */
  public record Result(
      double maxProbabilityDiff, double maxAnomalyDiff, int topClassAgreement, boolean passed) {}

  /** Runs {@code model} on the golden windows and compares its outputs with the expected ones. */
  public Result check(io.vigil.inference.onnx.OnnxWindowModel model, double tolerance) {
    float[] p = new float[probabilities.length];
    float[] a = new float[count];
    model.run(windows, count, p, a);
    return compare(p, a, tolerance);
  }

  /** Compares outputs of this set's windows with the expected ones. */
  public Result compare(float[] actualProbabilities, float[] actualAnomaly, double tolerance) {
    int k = probabilities.length / count;
    double maxP = 0;
    double maxA = 0;
    int agree = 0;
    for (int w = 0; w < count; w++) {
      int expectedTop = 0;
      int actualTop = 0;
      for (int c = 0; c < k; c++) {
        int i = w * k + c;
        maxP = Math.max(maxP, Math.abs(probabilities[i] - actualProbabilities[i]));
        if (probabilities[i] > probabilities[w * k + expectedTop]) {
          expectedTop = c;
        }
        if (actualProbabilities[i] > actualProbabilities[w * k + actualTop]) {
          actualTop = c;
        }
      }
      if (expectedTop == actualTop) {
        agree++;
      }
      maxA =
          Math.max(
              maxA, Math.abs(anomaly[w] - actualAnomaly[w]) / Math.max(1e-3, Math.abs(anomaly[w])));
    }
    boolean passed = agree == count && maxP <= tolerance && maxA <= tolerance;
    return new Result(maxP, maxA, agree, passed);
  }

  public byte[] toJson(int channels, int windowSamples) {
    ObjectNode root = JSON.createObjectNode();
    root.put("count", count);
    root.putArray("shape").add(count).add(channels).add(windowSamples);
    floats(root.putArray("windows"), windows);
    floats(root.putArray("probabilities"), probabilities);
    floats(root.putArray("anomaly"), anomaly);
    return (root.toString() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Parses a golden file; the shape must fit {@code channels × windowSamples} windows. */
  public static GoldenSet fromJson(byte[] json, int channels, int windowSamples, int classes)
      throws ModelPackageException {
    try {
      JsonNode root = JSON.readTree(json);
      int count = root.path("count").asInt(-1);
      float[] windows = floats(root.path("windows"));
      float[] probabilities = floats(root.path("probabilities"));
      float[] anomaly = floats(root.path("anomaly"));
      if (count < 1
          || windows.length != count * channels * windowSamples
          || probabilities.length != count * classes
          || anomaly.length != count) {
        throw new ModelPackageException(
            ModelPackageException.Problem.MANIFEST_INVALID,
            "the golden file does not hold "
                + count
                + " windows of "
                + channels
                + "×"
                + windowSamples
                + " with "
                + classes
                + " probabilities and an anomaly score each");
      }
      return new GoldenSet(count, windows, probabilities, anomaly);
    } catch (IOException e) {
      throw new ModelPackageException(
          ModelPackageException.Problem.MANIFEST_INVALID, "the golden file is not JSON", e);
    }
  }

  private static void floats(ArrayNode out, float[] values) {
    for (float v : values) {
      out.add(v);
    }
  }

  private static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }
}
