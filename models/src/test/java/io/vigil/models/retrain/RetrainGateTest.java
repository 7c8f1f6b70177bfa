package io.vigil.models.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

  @Test
  void falseAlarmsAreJudgedBeyondTheirCountingNoise() {
    // 1.0.0 under "nothing known": 9 false alarms in 58 h of normal driving.
    Metrics parent = new Metrics(0.86, 1.0, 9 / 58.0, 0.0, 9, 58.0);
    HeldOut better = new HeldOut(40, 10, 10, 0);
    // A candidate seen in a loop run: 23 in the same 58 h. The plain difference (0.24/h) is beyond
    // the 0.1 tolerance; with 1.645 standard errors of the counts' difference (0.16/h) it is not.
    Metrics seen = new Metrics(0.86, 1.0, 23 / 58.0, 0.0, 23, 58.0);
    RetrainGate.Decision d =
        RetrainGate.decide(
            Map.of("nothing_known", parent),
            Map.of("nothing_known", seen),
            PARENT_HELD_OUT,
            better,
            tol);
    assertThat(d.passed()).isTrue();
    assertThat(d.checks().get(2).rule())
        .isEqualTo("≤ parent + 0.1 + 1.645·√(9 + 23)/58.0 h = 0.416, and ≤ 0.5");
    RetrainGate.Tolerance plain = new RetrainGate.Tolerance(0.02, 0.02, 0.1, 0.5, 0, 0.5);
    assertThat(
            RetrainGate.decide(
                    Map.of("nothing_known", parent),
                    Map.of("nothing_known", seen),
                    PARENT_HELD_OUT,
                    better,
                    plain)
                .passed())
        .as("the plain difference refuses it")
        .isFalse();
    // A candidate at 1 false alarm per hour is refused: the allowance grows only with the root of
    // the counts.
    Metrics worse = new Metrics(0.86, 1.0, 58 / 58.0, 0.0, 58, 58.0);
    RetrainGate.Decision refused =
        RetrainGate.decide(
            Map.of("nothing_known", parent),
            Map.of("nothing_known", worse),
            PARENT_HELD_OUT,
            better,
            tol);
    assertThat(refused.passed()).isFalse();
    assertThat(refused.checks())
        .filteredOn(c -> !c.passed())
        .extracting(Check::name)
        .containsExactly("nothing_known: false alarms per hour");
  }

  @Test
  void theFamilywiseChanceIsSplitOverTheConditions() {
    Metrics parent = new Metrics(0.86, 1.0, 9 / 58.0, 0.0, 9, 58.0);
    Metrics candidate = new Metrics(0.86, 1.0, 23 / 58.0, 0.0, 23, 58.0);
    Map<String, Metrics> four = Map.of("a", parent, "b", parent, "c", parent, "d", parent);
    Map<String, Metrics> candidates =
        Map.of("a", candidate, "b", candidate, "c", candidate, "d", candidate);
    RetrainGate.Decision d =
        RetrainGate.decide(four, candidates, PARENT_HELD_OUT, new HeldOut(40, 10, 10, 0), tol);
    // 5 % over four conditions: 1.25 % each, z = 2.241 (one condition alone: 1.645)
    assertThat(d.checks())
        .filteredOn(c -> c.name().endsWith("false alarms per hour"))
        .hasSize(4)
        .allSatisfy(
            c ->
                assertThat(c.rule())
                    .isEqualTo("≤ parent + 0.1 + 2.241·√(9 + 23)/58.0 h = 0.474, and ≤ 0.5"));
    assertThat(StandardNormal.quantile(0.95)).isCloseTo(1.6448536, within(1e-6));
    assertThat(StandardNormal.quantile(0.9875)).isCloseTo(2.2414027, within(1e-6));
    assertThat(StandardNormal.quantile(0.01)).isCloseTo(-2.3263479, within(1e-6));
  }

  @Test
  void noCandidateMayExceedTheReleaseTargetWhateverItsParent() {
    // A parent at 26 false alarms in 58 h, a candidate at 30: well within the noise, but 0.52/h.
    Metrics parent = new Metrics(0.96, 1.0, 26 / 58.0, 0.0, 26, 58.0);
    Metrics candidate = new Metrics(0.96, 1.0, 30 / 58.0, 0.0, 30, 58.0);
    RetrainGate.Decision d =
        RetrainGate.decide(
            Map.of("calibrated", parent),
            Map.of("calibrated", candidate),
            PARENT_HELD_OUT,
            new HeldOut(40, 10, 10, 0),
            tol);
    assertThat(d.passed()).isFalse();
    assertThat(d.checks())
        .filteredOn(c -> !c.passed())
        .extracting(Check::name)
        .containsExactly("calibrated: false alarms per hour");
  }
}
