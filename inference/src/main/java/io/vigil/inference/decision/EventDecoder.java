package io.vigil.inference.decision;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a vehicle's stream of window scores into events, as a pure function over a {@link
 * TrackerState}: a class opens an event when its probability reaches its threshold, the event stays
 * open while the probability holds above {@code hysteresis × threshold} (bridging short gaps), and
 * it is reported when it closes if it lasted {@code minWindows}. Collisions are reported at their
 * first window. A window whose anomaly score says it is unlike the training data (a sensor fault,
 * say) opens no event but a collision. An event other than a collision whose windows never reached
 * {@link EventRules#minPeakG} of horizontal acceleration is dropped: no harsh manoeuvre is that
 * gentle, whatever the model says. After an event a class is quiet for {@code cooldownS}.
 */
public final class EventDecoder {

  /**
   * The result of one window.
   *
   * @param state state to pass with the next window
   * @param events events completed by this window (usually none)
   */
  public record Step(TrackerState state, List<DetectedEvent> events) {}

  private final float[] thresholds;
  private final EventRules rules;
  private final long cooldownNs;
  private final float anomalyThreshold;
  private final float minPeak;

  /**
   * @param thresholds per class; entries ≤ 0 or NaN (the "normal" class) never open events
   * @param rules hysteresis, minimum windows, gaps, cooldown, collision class
   * @param anomalyThreshold windows scoring at least this are unlike the training data: their class
   *     probabilities are not trusted to open events (collisions excepted)
   */
  public EventDecoder(float[] thresholds, EventRules rules, float anomalyThreshold) {
    this.anomalyThreshold = anomalyThreshold;
    this.thresholds = thresholds.clone();
    this.rules = rules;
    this.cooldownNs = Math.round(rules.cooldownS() * 1e9);
    this.minPeak = (float) (rules.minPeakG() * EventRules.G);
  }

  public Step update(TrackerState state, WindowScore score) {
    List<DetectedEvent> events = new ArrayList<>(1);
    float[] p = score.probabilities();
    int candidate = candidate(state, score);
    TrackerState s = state;
    if (s.open()) {
      boolean holds = p[s.openClass()] >= rules.hysteresis() * thresholds[s.openClass()];
      boolean preempted = candidate == rules.collisionClass() && s.openClass() != candidate;
      if (holds && !preempted) {
        s =
            new TrackerState(
                s.openClass(),
                s.startNs(),
                score.endNs(),
                s.windows() + 1,
                0,
                Math.max(s.peak(), p[s.openClass()]),
                motionPeak(s.motionPeak(), score.horizontalPeak()),
                s.reported(),
                s.cooldownUntilNs());
        return new Step(s, events);
      }
      if (!preempted && s.gap() < rules.maxGapWindows()) {
        s =
            new TrackerState(
                s.openClass(),
                s.startNs(),
                s.endNs(),
                s.windows(),
                s.gap() + 1,
                s.peak(),
                s.motionPeak(),
                s.reported(),
                s.cooldownUntilNs());
        return new Step(s, events);
      }
      s = close(s, events);
      candidate = candidate(s, score);
    }
    if (candidate >= 0) {
      boolean collision = candidate == rules.collisionClass();
      s =
          new TrackerState(
              candidate,
              score.startNs(),
              score.endNs(),
              1,
              0,
              p[candidate],
              score.horizontalPeak(),
              collision,
              s.cooldownUntilNs());
      if (collision) {
        events.add(new DetectedEvent(candidate, score.startNs(), score.endNs(), p[candidate], 1));
      }
    }
    return new Step(s, events);
  }

  /** Closes the open event at the end of a stream. */
  public Step finish(TrackerState state) {
    List<DetectedEvent> events = new ArrayList<>(1);
    return new Step(state.open() ? close(state, events) : state, events);
  }

  private TrackerState close(TrackerState s, List<DetectedEvent> events) {
    boolean tooGentle =
        s.openClass() != rules.collisionClass() && s.motionPeak() < minPeak; // false for NaN
    if (!s.reported() && s.windows() >= rules.minWindows() && !tooGentle) {
      events.add(new DetectedEvent(s.openClass(), s.startNs(), s.endNs(), s.peak(), s.windows()));
    }
    return s.closed(s.endNs() + cooldownNs);
  }

  /** The larger of two peaks, where NaN means unknown. */
  private static float motionPeak(float a, float b) {
    return Float.isNaN(a) ? b : Float.isNaN(b) ? a : Math.max(a, b);
  }

  /** The class with the highest probability at or above its threshold and not cooling down. */
  private int candidate(TrackerState s, WindowScore score) {
    float[] p = score.probabilities();
    boolean anomalous = score.anomaly() >= anomalyThreshold;
    int best = -1;
    for (int c = 0; c < p.length && c < thresholds.length; c++) {
      boolean eligible =
          thresholds[c] > 0
              && p[c] >= thresholds[c]
              && score.startNs() >= s.cooldownUntilNs()[c]
              && (!anomalous || c == rules.collisionClass());
      if (eligible && (best < 0 || p[c] > p[best] || c == rules.collisionClass())) {
        best = c;
        if (c == rules.collisionClass()) {
          break;
        }
      }
    }
    return best;
  }
}
