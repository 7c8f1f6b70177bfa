package io.vigil.inference.decision;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a vehicle's stream of window scores into events, as a pure function over a {@link
 * TrackerState}: a class opens an event when its probability reaches its threshold, the event stays
 * open while the probability holds above {@code hysteresis × threshold} (bridging short gaps), and
 * it is reported when it closes if it lasted {@code minWindows}. Collisions are reported at their
 * first window. A window whose anomaly score says it is unlike the training data (a sensor fault,
 * say) opens no event but a collision. After an event a class is quiet for {@code cooldownS}.
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
    if (!s.reported() && s.windows() >= rules.minWindows()) {
      events.add(new DetectedEvent(s.openClass(), s.startNs(), s.endNs(), s.peak(), s.windows()));
    }
    return s.closed(s.endNs() + cooldownNs);
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
