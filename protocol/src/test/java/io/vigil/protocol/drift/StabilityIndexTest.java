package io.vigil.protocol.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StabilityIndexTest {

  private static final FeatureBins ACCEL = FeatureBins.of("accel_x").orElseThrow();

  @Test
  void binsHaveAnUnderflowAndAnOverflow() {
    assertThat(ACCEL.size()).isEqualTo(42);
    assertThat(ACCEL.index(-25)).isZero();
    assertThat(ACCEL.index(-20)).isEqualTo(1);
    assertThat(ACCEL.index(0)).isEqualTo(21);
    assertThat(ACCEL.index(19.999)).isEqualTo(40);
    assertThat(ACCEL.index(20)).isEqualTo(41);
    assertThat(ACCEL.index(Double.NaN)).isZero();
    FeatureBins flag = FeatureBins.of("speed_valid").orElseThrow();
    assertThat(flag.index(0)).isEqualTo(1);
    assertThat(flag.index(1)).isEqualTo(2);
    assertThat(FeatureBins.of("no_such_channel")).isEmpty();
  }

  @Test
  void theSameDistributionIsStableAndAShiftedOneIsNot() {
    long[] training = histogram(0.0, 1.0, 1);
    assertThat(StabilityIndex.of(training, histogram(0.0, 1.0, 2))).isLessThan(0.01);
    // rougher roads: the same mean, twice the spread
    double rough = StabilityIndex.of(training, histogram(0.0, 2.0, 3));
    assertThat(rough).isGreaterThan(StabilityIndex.SIGNIFICANT);
    // a mounting tilted by a few degrees: gravity leaks into the channel, 1.5 m/s² of offset
    double tilted = StabilityIndex.of(training, histogram(1.5, 1.0, 4));
    assertThat(tilted).isGreaterThan(StabilityIndex.SIGNIFICANT);
    assertThat(StabilityIndex.of(training, new long[ACCEL.size()])).isNaN();
  }

  @Test
  void anEmptyReferenceBinDoesNotMakeItInfinite() {
    long[] reference = new long[ACCEL.size()];
    reference[21] = 1000;
    long[] observed = new long[ACCEL.size()];
    observed[21] = 900;
    observed[30] = 100;
    double psi = StabilityIndex.of(reference, observed);
    assertThat(psi).isFinite();
    // (0.9 − 1)·ln(0.9) + (0.1 − 1e-4)·ln(0.1 / 1e-4)
    assertThat(psi)
        .isCloseTo(-0.1 * Math.log(0.9) + (0.1 - 1e-4) * Math.log(0.1 / 1e-4), within(1e-3));
  }

  private static long[] histogram(double mean, double std, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] h = new long[ACCEL.size()];
    for (int i = 0; i < 100_000; i++) {
      double gauss =
          Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
      h[ACCEL.index(mean + std * gauss)]++;
    }
    return h;
  }
}
