package io.vigil.cloud.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.protocol.EventType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetyScoreTest {

  private final ScoreWeights weights = ScoreWeights.defaults();

  @Test
  void aCleanRecordScores100AndEventsCostTheirWeightPer100Km() {
    assertThat(SafetyScore.of(new Tally(250_000, Map.of()), weights)).hasValue(100.0);
    // 2 harsh brakings (weight 5) in 50 km: 2 × 5 × 100/50 = 20 → 80
    Tally t = new Tally(50_000, Map.of(EventType.HARSH_BRAKING, 2L));
    assertThat(SafetyScore.of(t, weights)).hasValue(80.0);
    assertThat(SafetyScore.Band.of(80.0)).isEqualTo(SafetyScore.Band.FAIR);
  }

  @Test
  void theSameBehaviourPerDistanceGivesTheSameScore() {
    Tally shortDay = new Tally(40_000, Map.of(EventType.HARSH_CORNERING, 1L));
    Tally longWeek = new Tally(400_000, Map.of(EventType.HARSH_CORNERING, 10L));
    assertThat(SafetyScore.of(shortDay, weights)).isEqualTo(SafetyScore.of(longWeek, weights));
  }

  @Test
  void tooLittleDrivingHasNoScoreAndTheScoreStaysIn0To100() {
    assertThat(SafetyScore.of(new Tally(9_999, Map.of(EventType.COLLISION, 1L)), weights))
        .isEmpty();
    assertThat(SafetyScore.of(new Tally(10_000, Map.of(EventType.COLLISION, 3L)), weights))
        .hasValue(0.0);
  }

  @Test
  void faultsAndAnomaliesAreNotDrivingBehaviour() {
    Tally t = new Tally(100_000, Map.of(EventType.SENSOR_FAULT, 7L, EventType.UNKNOWN_ANOMALY, 3L));
    assertThat(SafetyScore.of(t, weights)).hasValue(100.0);
  }

  @Test
  void weightsOutside0To10AreRefused() {
    assertThatThrownBy(() -> new ScoreWeights(Map.of(EventType.COLLISION, 11.0), 100, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("collision");
  }

  @Test
  void talliesAddUpAndCountsCanBeTakenBack() {
    Tally t =
        Tally.empty()
            .plus(TallyDelta.distance(1200))
            .plus(TallyDelta.event(EventType.HARSH_BRAKING, 1))
            .plus(TallyDelta.event(EventType.HARSH_BRAKING, -1))
            .plus(TallyDelta.event(EventType.COLLISION, 1));
    assertThat(t.distanceM()).isEqualTo(1200);
    assertThat(t.counts()).containsExactly(Map.entry(EventType.COLLISION, 1L));
    assertThat(t.plus(t).count(EventType.COLLISION)).isEqualTo(2);
  }
}
