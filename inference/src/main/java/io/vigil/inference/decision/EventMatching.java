package io.vigil.inference.decision;

import java.util.ArrayList;
import java.util.List;

/**
 * Matches detected events to ground-truth events by time overlap, the way the model report and the
 * agent's replay summary count them: a detection is a true positive if it overlaps a truth of its
 * kind that no earlier detection has claimed (each truth is detected once); a detection that
 * overlaps only truths of other kinds or already-claimed ones is a wrong detection; one that
 * overlaps no truth at all is a false alarm.
 */
public final class EventMatching {

  private EventMatching() {}

  /**
   * An event on a timeline.
   *
   * @param kind what it is; detections and truths match when their kinds are equal
   * @param startS start, seconds
   * @param endS end, seconds
   */
  public record Span(String kind, double startS, double endS) {}

  /** What became of one detection. */
  public enum Outcome {
    TRUE_POSITIVE,
    WRONG,
    FALSE_ALARM
  }

  /**
   * The outcome of each detection, in their order, and which truths were detected.
   *
   * @param outcomes one per detection
   * @param detected one per truth
   */
  public record Result(List<Outcome> outcomes, boolean[] detected) {}

  /** Matches {@code detections} (in time order) against {@code truths}. */
  public static Result match(List<Span> truths, List<Span> detections) {
    boolean[] detected = new boolean[truths.size()];
    List<Outcome> outcomes = new ArrayList<>(detections.size());
    for (Span d : detections) {
      boolean overlaps = false;
      Outcome outcome = null;
      for (int i = 0; i < truths.size() && outcome == null; i++) {
        Span t = truths.get(i);
        if (t.endS() < d.startS() || t.startS() > d.endS()) {
          continue;
        }
        overlaps = true;
        if (!detected[i] && t.kind().equals(d.kind())) {
          detected[i] = true;
          outcome = Outcome.TRUE_POSITIVE;
        }
      }
      outcomes.add(outcome != null ? outcome : overlaps ? Outcome.WRONG : Outcome.FALSE_ALARM);
    }
    return new Result(List.copyOf(outcomes), detected);
  }
}
