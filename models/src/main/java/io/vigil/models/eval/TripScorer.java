package io.vigil.models.eval;

import io.vigil.inference.decision.DetectedEvent;
import io.vigil.inference.decision.EventDecoder;
import io.vigil.inference.decision.EventMatching;
import io.vigil.inference.decision.TrackerState;
import io.vigil.inference.decision.WindowScore;
import io.vigil.inference.input.WindowFeatures;
import io.vigil.inference.onnx.OnnxWindowModel;
import io.vigil.models.dataset.LabelledTrip;
import io.vigil.models.dataset.WindowClass;
import io.vigil.models.dataset.WindowLabel;
import io.vigil.simulator.drive.Label;
import io.vigil.simulator.drive.LabelKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scores one trip: runs the int8 model (and the FP32 one for agreement) over its windows, decodes
 * events with the agent's {@link EventDecoder}, and matches them to the trip's labels. An event
 * counts as detected once: a predicted event is a true positive if it overlaps an unmatched label
 * of its class; anything else it overlaps (or nothing) makes it a false positive.
 */
final class TripScorer {

  private static final int BATCH = 256;

  private TripScorer() {}

  static ConditionTally score(
      LabelledTrip trip,
      OnnxWindowModel int8,
      OnnxWindowModel fp32,
      EventDecoder decoder,
      float anomalyThreshold) {
    ConditionTally t = new ConditionTally();
    int k = int8.classes();
    int n = trip.windows().count();
    int floats = int8.spec().windowFloats();
    float[] p8 = new float[n * k];
    float[] p32 = new float[n * k];
    float[] a8 = new float[n];
    float[] a32 = new float[n];
    float[] in = new float[BATCH * floats];
    float[] outP = new float[BATCH * k];
    float[] outA = new float[BATCH];
    for (int from = 0; from < n; from += BATCH) {
      int c = Math.min(BATCH, n - from);
      System.arraycopy(trip.windows().data(), from * floats, in, 0, c * floats);
      int8.run(in, c, outP, outA);
      System.arraycopy(outP, 0, p8, from * k, c * k);
      System.arraycopy(outA, 0, a8, from, c);
      fp32.run(in, c, outP, outA);
      System.arraycopy(outP, 0, p32, from * k, c * k);
      System.arraycopy(outA, 0, a32, from, c);
    }
    double windowS = int8.spec().windowS();
    long windowNs = Math.round(windowS * 1e9);
    TrackerState state = TrackerState.initial(k);
    List<DetectedEvent> events = new ArrayList<>();
    WindowFeatures peaks = WindowFeatures.of(int8.spec());
    float[] probs = new float[k]; // the decoder keeps no reference to a window's probabilities
    for (int i = 0; i < n; i++) {
      int top8 = argmax(p8, i * k, k);
      t.windows++;
      if (top8 == argmax(p32, i * k, k)) {
        t.windowsAgreeing++;
      }
      long end = trip.windows().endNs(i);
      double endS = end / 1e9;
      WindowLabel truth = WindowLabel.of(trip.labels(), endS - windowS, endS);
      if (truth.sensorFault()) {
        t.faultWindows++;
        ConditionTally.histogram(t.anomalyHistogramFault, a8[i]);
        if (a8[i] >= anomalyThreshold) {
          t.faultWindowsFlagged++;
        }
      } else if (truth.classIndex() >= 0) {
        t.windowConfusion[truth.classIndex()][top8]++;
        if (truth.classIndex() == 0) {
          t.normalWindows++;
          ConditionTally.histogram(t.anomalyHistogramNormal, a8[i]);
          if (a8[i] >= anomalyThreshold) {
            t.normalWindowsFlagged++;
          }
        }
      }
      System.arraycopy(p8, i * k, probs, 0, k);
      EventDecoder.Step step =
          decoder.update(
              state,
              new WindowScore(
                  end - windowNs,
                  end,
                  probs,
                  a8[i],
                  peaks.horizontalPeak(trip.windows().data(), i * floats)));
      state = step.state();
      events.addAll(step.events());
    }
    events.addAll(decoder.finish(state).events());
    match(trip, events, t);
    return t;
  }

  private static void match(LabelledTrip trip, List<DetectedEvent> events, ConditionTally t) {
    List<Label> truths = new ArrayList<>();
    double eventTime = 0;
    for (Label l : trip.labels()) {
      Optional<WindowClass> c = WindowClass.of(l);
      if (c.isPresent()) {
        truths.add(l);
        t.eventTruth[c.get().ordinal()]++;
        eventTime += l.endS() - l.startS();
      }
      if (WindowClass.isHardNegative(l.kind())) {
        t.hardNegatives++;
      }
      if (l.kind() == LabelKind.POTHOLE || l.kind() == LabelKind.SPEED_BUMP) {
        t.bumps++;
      }
    }
    t.hours += trip.durationS() / 3600;
    t.normalHours += Math.max(0, trip.durationS() - eventTime) / 3600;
    List<EventMatching.Span> truthSpans = new ArrayList<>();
    for (Label l : truths) {
      truthSpans.add(new EventMatching.Span(WindowClass.of(l).get().name(), l.startS(), l.endS()));
    }
    List<EventMatching.Span> detected = new ArrayList<>();
    for (DetectedEvent e : events) {
      detected.add(
          new EventMatching.Span(
              WindowClass.values()[e.classIndex()].name(), e.startNs() / 1e9, e.endNs() / 1e9));
    }
    List<EventMatching.Outcome> outcomes = EventMatching.match(truthSpans, detected).outcomes();
    for (int k = 0; k < events.size(); k++) {
      DetectedEvent e = events.get(k);
      t.eventPredicted[e.classIndex()]++;
      double s = e.startNs() / 1e9;
      double en = e.endNs() / 1e9;
      EventMatching.Outcome outcome = outcomes.get(k);
      if (outcome == EventMatching.Outcome.TRUE_POSITIVE) {
        t.eventTruePositive[e.classIndex()]++;
      }
      boolean overlapsTruth = outcome != EventMatching.Outcome.FALSE_ALARM;
      if (!overlapsTruth) {
        t.falseAlarms++;
        t.falseAlarmsByClass[e.classIndex()]++;
        boolean onHardNegative = false;
        boolean onBump = false;
        String context = "unlabelled driving";
        for (Label l : trip.labels()) {
          if (l.endS() >= s && l.startS() <= en) {
            context = l.kind().csvName();
          }
          if (l.endS() >= s && l.startS() <= en && WindowClass.isHardNegative(l.kind())) {
            onHardNegative = true;
            onBump |= l.kind() == LabelKind.POTHOLE || l.kind() == LabelKind.SPEED_BUMP;
          }
        }
        t.falseAlarmContext.merge(context, 1L, Long::sum);
        if (onHardNegative) {
          t.hardNegativeFalseEvents++;
        }
        if (onBump && e.classIndex() == WindowClass.COLLISION.ordinal()) {
          t.falseCollisionsOnBumps++;
        }
      }
    }
  }

  static int argmax(float[] p, int offset, int k) {
    int best = 0;
    for (int c = 1; c < k; c++) {
      if (p[offset + c] > p[offset + best]) {
        best = c;
      }
    }
    return best;
  }
}
