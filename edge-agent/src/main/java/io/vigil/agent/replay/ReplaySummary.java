package io.vigil.agent.replay;

import io.vigil.inference.decision.EventMatching;
import io.vigil.protocol.Direction;
import io.vigil.protocol.EventType;
import io.vigil.protocol.SafetyEvent;
import io.vigil.simulator.drive.Label;
import io.vigil.simulator.drive.LabelKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Detected events against a recording's labels, counted as the model report counts them ({@link
 * EventMatching}): per event kind — type, plus the side for cornering and lane changes — precision,
 * recall and F1, and the macro-F1 over the seven harsh kinds the model reports.
 *
 * @param kinds per kind, in a fixed order
 * @param macroF1 mean F1 over the harsh kinds that occur in the labels or the detections
 * @param falseAlarms detections overlapping no labelled event
 */
public record ReplaySummary(Map<String, KindScore> kinds, double macroF1, int falseAlarms) {

  /** The seven harsh kinds the model has classes for. */
  public static final List<String> HARSH_KINDS =
      List.of(
          "harsh_braking",
          "harsh_acceleration",
          "harsh_cornering/left",
          "harsh_cornering/right",
          "aggressive_lane_change/left",
          "aggressive_lane_change/right",
          "collision");

  /**
   * One kind's counts.
   *
   * @param labelled events of the kind in the labels
   * @param detected detections of the kind
   * @param truePositives detections that matched a label of the kind
   */
  public record KindScore(int labelled, int detected, int truePositives) {
    public double precision() {
      return detected == 0 ? 0 : (double) truePositives / detected;
    }

    public double recall() {
      return labelled == 0 ? 0 : (double) truePositives / labelled;
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
  }

  /** Matches {@code events} (timed from {@code start}) with {@code labels}. */
  public static ReplaySummary of(List<SafetyEvent> events, Instant start, List<Label> labels) {
    List<EventMatching.Span> truths = new ArrayList<>();
    for (Label l : labels) {
      labelKind(l).ifPresent(k -> truths.add(new EventMatching.Span(k, l.startS(), l.endS())));
    }
    List<EventMatching.Span> detections = new ArrayList<>();
    for (SafetyEvent e : events) {
      double s = seconds(start, e.deviceTime());
      detections.add(
          new EventMatching.Span(kind(e.type(), e.direction()), s, s + e.durationMs() / 1000.0));
    }
    EventMatching.Result result = EventMatching.match(truths, detections);
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (String k : HARSH_KINDS) {
      counts.put(k, new int[3]);
    }
    for (EventMatching.Span t : truths) {
      counts.computeIfAbsent(t.kind(), k -> new int[3])[0]++;
    }
    int falseAlarms = 0;
    for (int i = 0; i < detections.size(); i++) {
      int[] c = counts.computeIfAbsent(detections.get(i).kind(), k -> new int[3]);
      c[1]++;
      EventMatching.Outcome o = result.outcomes().get(i);
      if (o == EventMatching.Outcome.TRUE_POSITIVE) {
        c[2]++;
      } else if (o == EventMatching.Outcome.FALSE_ALARM) {
        falseAlarms++;
      }
    }
    return of(counts, falseAlarms);
  }

  /** The counts of several replays added up (a fleet), macro-F1 recomputed. */
  public static ReplaySummary merge(List<ReplaySummary> parts) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (String k : HARSH_KINDS) {
      counts.put(k, new int[3]);
    }
    int falseAlarms = 0;
    for (ReplaySummary p : parts) {
      falseAlarms += p.falseAlarms();
      p.kinds()
          .forEach(
              (k, s) -> {
                int[] c = counts.computeIfAbsent(k, x -> new int[3]);
                c[0] += s.labelled();
                c[1] += s.detected();
                c[2] += s.truePositives();
              });
    }
    return of(counts, falseAlarms);
  }

  private static ReplaySummary of(Map<String, int[]> counts, int falseAlarms) {
    Map<String, KindScore> kinds = new LinkedHashMap<>();
    counts.forEach((k, c) -> kinds.put(k, new KindScore(c[0], c[1], c[2])));
    double sum = 0;
    int n = 0;
    for (String k : HARSH_KINDS) {
      KindScore s = kinds.get(k);
      if (s.labelled() + s.detected() > 0) {
        sum += s.f1();
        n++;
      }
    }
    return new ReplaySummary(kinds, n == 0 ? 0 : sum / n, falseAlarms);
  }

  /** The matching kind of a detection: its type, with the side where the model has one. */
  public static String kind(EventType type, Optional<Direction> direction) {
    String name = type.wireName();
    boolean sided = type == EventType.HARSH_CORNERING || type == EventType.AGGRESSIVE_LANE_CHANGE;
    return sided && direction.isPresent() ? name + "/" + direction.get().wireName() : name;
  }

  private static Optional<String> labelKind(Label l) {
    if (l.kind() == LabelKind.SENSOR_FAULT) {
      return Optional.of(EventType.SENSOR_FAULT.wireName());
    }
    if (!l.kind().isSafetyEvent()) {
      return Optional.empty();
    }
    EventType type = EventType.valueOf(l.kind().name());
    Optional<Direction> side =
        l.direction().map(d -> Direction.valueOf(d.toUpperCase(Locale.ROOT)));
    return Optional.of(kind(type, side));
  }

  static double seconds(Instant start, Instant t) {
    return Duration.between(start, t).toNanos() / 1e9;
  }
}
