package io.vigil.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdCalibrationTest {

  /** Logits = input: a row (0, x, 0) gives class 1 the probability e^x / (e^x + 2). */
  private static final List<DenseLayer> IDENTITY =
      List.of(new DenseLayer(3, 3, new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new float[3]));

  private static float p1(float x) {
    return (float) (Math.exp(x) / (Math.exp(x) + 2));
  }

  @Test
  void eachClassGetsTheLowestThresholdThatFewEnoughOtherWindowsReach() {
    // ten normal windows whose class-1 logits climb; two class-1 windows far above
    float[] z = new float[12 * 3];
    int[] labels = new int[12];
    for (int i = 0; i < 10; i++) {
      z[i * 3 + 1] = i * 0.5f; // class-1 probability from 0.33 up to p1(4.5) ≈ 0.98
    }
    for (int i = 10; i < 12; i++) {
      z[i * 3 + 1] = 8;
      labels[i] = 1;
    }
    ClassifierTrainer.Rows v = new ClassifierTrainer.Rows(z, labels, 12);
    // none of the 10 other windows may reach it: just above the highest, capped at 0.99
    float[] strict = ThresholdCalibration.thresholds(IDENTITY, v, 3, 0.5f, 0, 0.99f);
    assertThat(strict[0]).isZero();
    assertThat(strict[1]).isEqualTo(Math.nextUp(p1(4.5f)));
    // a share of 0.2 lets the two highest through: just above the third highest
    assertThat(ThresholdCalibration.thresholds(IDENTITY, v, 3, 0.5f, 0.2, 0.99f)[1])
        .isEqualTo(Math.nextUp(p1(3.5f)));
    // the ceiling caps, and the floor holds for a class no window comes near (class 2)
    float[] capped = ThresholdCalibration.thresholds(IDENTITY, v, 3, 0.5f, 0, 0.9f);
    assertThat(capped[1]).isEqualTo(0.9f);
    assertThat(capped[2]).isEqualTo(0.5f);
  }

  @Test
  void nonsenseBoundsAreRefused() {
    ClassifierTrainer.Rows v = new ClassifierTrainer.Rows(new float[3], new int[1], 1);
    assertThatThrownBy(() -> ThresholdCalibration.thresholds(IDENTITY, v, 3, 0.9f, 0, 0.5f))
        .hasMessageContaining("floor");
  }
}
