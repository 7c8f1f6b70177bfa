package io.vigil.models.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.retrain.RetrainGate.Check;
import io.vigil.models.retrain.RetrainGate.HeldOut;
import io.vigil.models.retrain.RetrainGate.Metrics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrainGateTest {

  private static final Metrics PARENT = new Metrics(0.97, 0.99, 0.31, 0.0);
  private static final HeldOut PARENT_HELD_OUT = new HeldOut(40, 10, 8, 12); // 14 errors
  private final RetrainGate.Tolerance tol = RetrainGate.Tolerance.defaults();

  @Test
  void aCandidateAsGoodOnTheTestSplitAndBetterOnReviewedDataPasses() {
    RetrainGate.Decision d =
        RetrainGate.decide(
            Map.of("calibrated", PARENT, "no_gps", PARENT),
            Map.of(
                "calibrated", new Metrics(0.96, 0.985, 0.38, 0.4),
                "no_gps", new Metrics(0.98, 1.0, 0.2, 0.0)),
            PARENT_HELD_OUT,
            new HeldOut(40, 10, 9, 3),
            tol);
    assertThat(d.passed()).isTrue();
    assertThat(d.checks()).hasSize(9).allMatch(Check::passed);
  }

  @Test
  void aCandidateTrainedOnShuffledLabelsIsStopped() {
    RetrainGate.Decision d =
        RetrainGate.decide(
            Map.of("calibrated", PARENT),
            Map.of("calibrated", new Metrics(0.21, 0.4, 9.5, 12.0)),
            PARENT_HELD_OUT,
            new HeldOut(40, 10, 2, 30),
            tol);
    assertThat(d.passed()).isFalse();
    assertThat(d.checks()).noneMatch(Check::passed);
  }

  @Test
  void betterOnReviewedDataIsNotEnoughWhenTheTestSplitGetsWorse() {
    RetrainGate.Decision d =
        RetrainGate.decide(
            Map.of("calibrated", PARENT),
            Map.of("calibrated", new Metrics(0.94, 0.99, 0.31, 0.0)),
            PARENT_HELD_OUT,
            new HeldOut(40, 10, 10, 0),
            tol);
    assertThat(d.passed()).isFalse();
    assertThat(d.checks())
        .filteredOn(c -> !c.passed())
        .extracting(Check::name)
        .containsExactly("calibrated: event macro-F1");
  }

  @Test
  void noBetterOnReviewedDataOrNothingToJudgeOnFails() {
    assertThat(
            RetrainGate.decide(
                    Map.of("calibrated", PARENT),
                    Map.of("calibrated", PARENT),
                    PARENT_HELD_OUT,
                    PARENT_HELD_OUT,
                    tol)
                .passed())
        .as("equal errors are not better")
        .isFalse();
    assertThat(
            RetrainGate.decide(
                    Map.of("calibrated", PARENT),
                    Map.of("calibrated", PARENT),
                    new HeldOut(0, 0, 0, 0),
                    new HeldOut(0, 0, 0, 0),
                    tol)
                .passed())
        .isFalse();
    assertThat(
            RetrainGate.decide(
                    Map.of("calibrated", PARENT, "no_gps", PARENT),
                    Map.of("calibrated", PARENT),
                    PARENT_HELD_OUT,
                    new HeldOut(40, 10, 10, 0),
                    tol)
                .passed())
        .as("a condition the candidate was not evaluated under")
        .isFalse();
  }
}
