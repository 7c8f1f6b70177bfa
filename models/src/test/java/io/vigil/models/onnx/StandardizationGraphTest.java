package io.vigil.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StandardizationGraphTest {

  @Test
  void standardizationIsASignedLog() {
    float[] z;
    try (OnnxFunction f =
        new OnnxFunction(
            StandardizationGraph.standardizerModel(new float[] {1, 0}, new float[] {2, 1}))) {
      z = f.apply(new float[] {5, -3}, 1, new long[] {2}, "z", 2);
    }
    assertThat(z[0]).isCloseTo((float) Math.log(3), within(1e-6f));
    assertThat(z[1]).isCloseTo((float) -Math.log(4), within(1e-6f));
  }
}
