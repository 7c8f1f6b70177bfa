package io.vigil.models.dataset;

import io.vigil.simulator.drive.Label;
import io.vigil.simulator.drive.LabelKind;
import java.util.List;

/**
 * The ground truth of one window, from the trip's labels. A manoeuvre labels a window when at least
 * half of the shorter of the two lies in the other; a window that only grazes one is ambiguous and
 * left out of training and window-level scores. A collision labels the windows that contain its
 * impact with at least 0.2 s after it; later windows of the same crash are left out.
 *
 * @param classIndex the window's class, or {@link #AMBIGUOUS}
 * @param sensorFault whether a sensor fault overlaps the window (not a class: the anomaly score's)
 * @param hardNegative whether a hard negative (pothole, door slam, …) overlaps the window
 */
public record WindowLabel(int classIndex, boolean sensorFault, boolean hardNegative) {

  public static final int AMBIGUOUS = -1;

  /** Minimum share of the shorter span that must overlap. */
  static final double MIN_OVERLAP = 0.5;

  /** A collision's impact must lie at least this far before the window's end, seconds. */
  static final double IMPACT_MARGIN_S = 0.2;

  public static WindowLabel of(List<Label> labels, double startS, double endS) {
    int cls = WindowClass.NORMAL.ordinal();
    double best = 0;
    boolean ambiguous = false;
    boolean fault = false;
    boolean hard = false;
    for (Label l : labels) {
      if (l.endS() < startS || l.startS() > endS) {
        continue;
      }
      if (l.kind() == LabelKind.SENSOR_FAULT) {
        fault = true;
        continue;
      }
      if (WindowClass.isHardNegative(l.kind())) {
        hard = true;
        continue;
      }
      var c = WindowClass.of(l);
      if (c.isEmpty()) {
        continue;
      }
      if (c.get() == WindowClass.COLLISION) {
        if (l.startS() >= startS && l.startS() <= endS - IMPACT_MARGIN_S) {
          return new WindowLabel(c.get().ordinal(), fault || hasFault(labels, startS, endS), hard);
        }
        ambiguous = true;
        continue;
      }
      double overlap = Math.min(endS, l.endS()) - Math.max(startS, l.startS());
      double share = overlap / Math.max(1e-9, Math.min(endS - startS, l.endS() - l.startS()));
      if (share >= MIN_OVERLAP) {
        if (share > best) {
          best = share;
          cls = c.get().ordinal();
        }
      } else if (overlap > 0) {
        ambiguous = true;
      }
    }
    if (best == 0 && ambiguous) {
      cls = AMBIGUOUS;
    }
    return new WindowLabel(cls, fault, hard);
  }

  private static boolean hasFault(List<Label> labels, double startS, double endS) {
    return labels.stream()
        .anyMatch(
            l -> l.kind() == LabelKind.SENSOR_FAULT && l.endS() >= startS && l.startS() <= endS);
  }
}
