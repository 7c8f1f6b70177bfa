package io.vigil.models.eval;

import io.vigil.models.dataset.WindowClass;

/** Counts of one evaluation condition, summed over trips (thread-safe: trips add whole). */
public final class ConditionTally {

  final int k = WindowClass.count();
  final long[][] windowConfusion = new long[k][k];
  final long[] eventTruth = new long[k];
  final long[] eventTruePositive = new long[k];
  final long[] eventPredicted = new long[k];
  long windows;
  long windowsAgreeing;
  double hours;
  double normalHours;
  long falseAlarms;
  long hardNegatives;
  long hardNegativeFalseEvents;
  long bumps;
  long falseCollisionsOnBumps;
  long faultWindows;
  long faultWindowsFlagged;
  long normalWindows;
  long normalWindowsFlagged;
  final long[] falseAlarmsByClass = new long[k];
  final java.util.Map<String, Long> falseAlarmContext = new java.util.TreeMap<>();
  final long[] anomalyHistogramNormal = new long[40];
  final long[] anomalyHistogramFault = new long[40];

  synchronized void add(ConditionTally t) {
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        windowConfusion[i][j] += t.windowConfusion[i][j];
      }
      eventTruth[i] += t.eventTruth[i];
      eventTruePositive[i] += t.eventTruePositive[i];
      eventPredicted[i] += t.eventPredicted[i];
    }
    for (int i = 0; i < k; i++) {
      falseAlarmsByClass[i] += t.falseAlarmsByClass[i];
    }
    t.falseAlarmContext.forEach((key, v) -> falseAlarmContext.merge(key, v, Long::sum));
    windows += t.windows;
    windowsAgreeing += t.windowsAgreeing;
    hours += t.hours;
    normalHours += t.normalHours;
    falseAlarms += t.falseAlarms;
    hardNegatives += t.hardNegatives;
    hardNegativeFalseEvents += t.hardNegativeFalseEvents;
    bumps += t.bumps;
    falseCollisionsOnBumps += t.falseCollisionsOnBumps;
    faultWindows += t.faultWindows;
    faultWindowsFlagged += t.faultWindowsFlagged;
    normalWindows += t.normalWindows;
    normalWindowsFlagged += t.normalWindowsFlagged;
    for (int i = 0; i < anomalyHistogramNormal.length; i++) {
      anomalyHistogramNormal[i] += t.anomalyHistogramNormal[i];
      anomalyHistogramFault[i] += t.anomalyHistogramFault[i];
    }
  }

  static void histogram(long[] h, float score) {
    int bin = (int) Math.min(h.length - 1, Math.max(0, Math.floor(score / 0.1)));
    h[bin]++;
  }
}
