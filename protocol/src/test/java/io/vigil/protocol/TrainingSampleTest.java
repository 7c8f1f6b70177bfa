package io.vigil.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The training truth a review gives an event. */
class TrainingSampleTest {

  private static final Instant AT = Instant.parse("2026-11-21T09:00:00Z");
  private final SafetyEvent braking = SampleMessages.harshBraking();

  @Test
  void confirmedKeepsTheEventsTypeAndDirection() {
    TrainingSample s =
        new TrainingSample(braking, Optional.of(Review.confirmed("r", AT, Optional.empty())));

    assertThat(s.truth())
        .contains(new TrainingSample.Labelled(EventType.HARSH_BRAKING, Optional.empty()));
  }

  @Test
  void coachingVerdictsConfirmTheEvent() {
    for (Review.Verdict v :
        new Review.Verdict[] {Review.Verdict.NEEDS_COACHING, Review.Verdict.COACHED}) {
      TrainingSample s =
          new TrainingSample(
              braking,
              Optional.of(
                  new Review(v, Optional.empty(), Optional.empty(), "r", AT, Optional.empty())));
      assertThat(s.truth())
          .as("%s", v)
          .contains(new TrainingSample.Labelled(EventType.HARSH_BRAKING, Optional.empty()));
      assertThat(v.confirms()).isTrue();
    }
    assertThat(Review.Verdict.DISMISSED.confirms()).isFalse();
  }

  @Test
  void dismissedIsNormalDriving() {
    TrainingSample s =
        new TrainingSample(braking, Optional.of(Review.dismissed("r", AT, Optional.of("pothole"))));

    assertThat(s.truth()).isEmpty();
  }

  @Test
  void relabelledTakesTheReviewersTypeAndDirection() {
    assertThat(SampleMessages.relabelledSample().truth())
        .contains(new TrainingSample.Labelled(EventType.COLLISION, Optional.of(Direction.FRONT)));
  }

  @Test
  void unreviewedHasNoTruth() {
    assertThat(SampleMessages.unreviewedSample().truth()).isEmpty();
    assertThat(SampleMessages.unreviewedSample().review()).isEmpty();
  }

  @Test
  void aTypeOnlyGoesWithRelabelling() {
    assertThatThrownBy(
            () ->
                new Review(
                    Review.Verdict.DISMISSED,
                    Optional.of(EventType.COLLISION),
                    Optional.empty(),
                    "r",
                    AT,
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
