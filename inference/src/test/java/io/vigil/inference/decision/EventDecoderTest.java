package io.vigil.inference.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventDecoderTest {

  // classes: 0 normal, 1 braking, 2 collision
  private final EventDecoder decoder =
      new EventDecoder(new float[] {0, 0.5f, 0.5f}, new EventRules(0.8, 2, 1, 2.0, 2, 0.3), 2f);
  private static final long HOP = 500_000_000L;
  private static final long WINDOW = 2_500_000_000L;

  /** Horizontal peak of a window with a manoeuvre well above the floor, m/s². */
  private static final float FIRM = 5f;

  private List<DetectedEvent> run(float[][] probabilities, float[] anomaly) {
    float[] peaks = new float[probabilities.length];
    java.util.Arrays.fill(peaks, FIRM);
    return run(probabilities, anomaly, peaks);
  }

  private List<DetectedEvent> run(float[][] probabilities, float[] anomaly, float[] peaks) {
    TrackerState s = TrackerState.initial(3);
    List<DetectedEvent> events = new ArrayList<>();
    for (int i = 0; i < probabilities.length; i++) {
      long end = WINDOW + i * HOP;
      EventDecoder.Step step =
          decoder.update(
              s, new WindowScore(end - WINDOW, end, probabilities[i], anomaly[i], peaks[i]));
      s = step.state();
      events.addAll(step.events());
    }
    events.addAll(decoder.finish(s).events());
    return events;
  }

  private static float[] p(float braking, float collision) {
    return new float[] {1 - braking - collision, braking, collision};
  }

  @Test
  void consecutiveWindowsMergeIntoOneEventWithItsSpanAndPeak() {
    List<DetectedEvent> events =
        run(
            new float[][] {p(0, 0), p(.6f, 0), p(.9f, 0), p(.45f, 0), p(.7f, 0), p(0, 0)},
            new float[6]);
    assertThat(events).hasSize(1);
    DetectedEvent e = events.get(0);
    assertThat(e.classIndex()).isEqualTo(1);
    assertThat(e.windows()).isEqualTo(4); // 0.45 ≥ 0.8 × 0.5 holds by hysteresis
    assertThat(e.peakProbability()).isEqualTo(0.9f);
    assertThat(e.startNs()).isEqualTo(HOP);
    assertThat(e.endNs()).isEqualTo(WINDOW + 4 * HOP);
  }

  @Test
  void aSingleWindowBlipIsNotAnEvent() {
    assertThat(run(new float[][] {p(.9f, 0), p(0, 0), p(0, 0), p(0, 0)}, new float[4])).isEmpty();
  }

  @Test
  void aOneWindowDipIsBridgedButTwoCloseTheEvent() {
    assertThat(
            run(new float[][] {p(.9f, 0), p(.9f, 0), p(0, 0), p(.9f, 0), p(.9f, 0)}, new float[5]))
        .hasSize(1);
    List<DetectedEvent> split =
        run(
            new float[][] {
              p(.9f, 0), p(.9f, 0), p(0, 0), p(0, 0), p(0, 0), p(0, 0), p(0, 0), p(0, 0), p(0, 0),
              p(0, 0), p(.9f, 0), p(.9f, 0)
            },
            new float[12]);
    assertThat(split).hasSize(2);
  }

  @Test
  void cooldownSuppressesTheTrailOfTheSameEvent() {
    // ends with window 1 (3 s); windows starting before 5 s may not reopen braking
    List<DetectedEvent> events =
        run(
            new float[][] {
              p(.9f, 0), p(.9f, 0), p(0, 0), p(0, 0), p(.9f, 0), p(.9f, 0), p(0, 0), p(0, 0)
            },
            new float[8]);
    assertThat(events).hasSize(1);
  }

  @Test
  void collisionIsReportedAtItsFirstWindowAndPreemptsAnOpenEvent() {
    TrackerState s = TrackerState.initial(3);
    s = decoder.update(s, new WindowScore(0, WINDOW, p(.9f, 0), 0, FIRM)).state();
    EventDecoder.Step step =
        decoder.update(s, new WindowScore(HOP, WINDOW + HOP, p(.2f, .7f), 0, FIRM));
    assertThat(step.events()).extracting(DetectedEvent::classIndex).containsExactly(2);
    // the braking had one window only: not reported when the collision closed it
    step =
        decoder.update(
            step.state(), new WindowScore(2 * HOP, WINDOW + 2 * HOP, p(0, .9f), 0, FIRM));
    assertThat(step.events()).isEmpty();
    assertThat(decoder.finish(step.state()).events()).isEmpty();
  }

  @Test
  void anomalousWindowsOpenNoEventButCollisions() {
    float[] high = {5, 5, 5, 5};
    assertThat(run(new float[][] {p(.9f, 0), p(.9f, 0), p(.9f, 0), p(0, 0)}, high)).isEmpty();
    assertThat(run(new float[][] {p(0, .9f), p(0, 0), p(0, 0), p(0, 0)}, high)).hasSize(1);
  }

  @Test
  void aManoeuvreGentlerThanTheFloorIsNoEventWhateverTheModelSays() {
    float[][] braking = {p(.9f, 0), p(.9f, 0), p(.9f, 0), p(0, 0)};
    float g = (float) EventRules.G;
    // 0.25 g at most: dropped; one window at 0.35 g is enough; unknown peaks are not judged
    assertThat(run(braking, new float[4], new float[] {.2f * g, .25f * g, .1f * g, 0})).isEmpty();
    assertThat(run(braking, new float[4], new float[] {.2f * g, .35f * g, .1f * g, 0})).hasSize(1);
    float[] unknown = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
    assertThat(run(braking, new float[4], unknown)).hasSize(1);
    // a collision is reported whatever its horizontal peak (a pothole-like vertical impact)
    assertThat(run(new float[][] {p(0, .9f), p(0, 0)}, new float[2], new float[2])).hasSize(1);
  }

  @Test
  void noFloorWhenTheRulesHaveNone() {
    EventDecoder none =
        new EventDecoder(new float[] {0, 0.5f, 0.5f}, new EventRules(0.8, 2, 1, 2.0, 2, 0), 2f);
    TrackerState s = TrackerState.initial(3);
    for (int i = 0; i < 3; i++) {
      long end = WINDOW + i * HOP;
      s = none.update(s, new WindowScore(end - WINDOW, end, p(.9f, 0), 0, 0.1f)).state();
    }
    assertThat(none.finish(s).events()).hasSize(1);
  }
}
