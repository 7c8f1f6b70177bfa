package io.vigil.models.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * A float-in, float-out ONNX graph run in batches by ONNX Runtime: how training computes features
 * with the very graph the shipped model starts with, and how calibration reads layer inputs.
 */
public final class OnnxFunction implements AutoCloseable {

  private static final int BATCH = 1024;

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final String input;

  public OnnxFunction(byte[] model) {
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setIntraOpNumThreads(1);
      this.session = env.createSession(model, so);
      this.input = session.getInputNames().iterator().next();
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime rejected a generated graph: " + e, e);
    }
  }

  /**
   * Applies the graph to {@code n} rows of {@code rowShape} (without the batch dimension) and
   * returns output {@code outputName}, {@code outWidth} floats per row.
   */
  public float[] apply(float[] rows, int n, long[] rowShape, String outputName, int outWidth) {
    int inWidth = 1;
    for (long d : rowShape) {
      inWidth *= (int) d;
    }
    float[] out = new float[n * outWidth];
    long[] shape = new long[rowShape.length + 1];
    System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
    for (int from = 0; from < n; from += BATCH) {
      int count = Math.min(BATCH, n - from);
      shape[0] = count;
      FloatBuffer in = FloatBuffer.wrap(rows, from * inWidth, count * inWidth).slice();
      try (OnnxTensor t = OnnxTensor.createTensor(env, in, shape);
          OrtSession.Result r = session.run(Map.of(input, t))) {
        OnnxTensor o = (OnnxTensor) r.get(outputName).orElseThrow();
        o.getFloatBuffer().get(out, from * outWidth, count * outWidth);
      } catch (OrtException e) {
        throw new IllegalStateException("ONNX Runtime failed on a generated graph: " + e, e);
      }
    }
    return out;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // nothing to release beyond what close already tried
    }
  }
}
