package io.vigil.inference.decision;

/**
 * How window scores become events, shipped in a model package's manifest so that a new model can
 * bring new rules. Per-class probability thresholds live with the classes.
 *
 * @param hysteresis an open event stays open while its class probability is at least this share of
 *     the class threshold, 0..1 (default 0.8)
 * @param minWindows windows above threshold before an event counts (default 2; collisions: 1)
 * @param maxGapWindows windows below the hold level an open event may bridge (default 1)
 * @param cooldownS after an event of a class ends, no new one of that class for this long, s
 * @param collisionClass index of the collision class, reported at its first window, or -1
 * @param minPeakG an event other than a collision is reported only if one of its windows reached
 *     this horizontal acceleration, g (0 = no floor, what manifests without the field get). The
 *     default 0.3 g is below every vendor's harsh threshold (0.35–0.45 g, BRIEF §4) and above
 *     gentle driving, where a model's false alarms are
 */
public record EventRules(
    double hysteresis,
    int minWindows,
    int maxGapWindows,
    double cooldownS,
    int collisionClass,
    double minPeakG) {

  /** Standard gravity, m/s². */
  public static final double G = 9.80665;

  public EventRules {
    if (!(hysteresis > 0 && hysteresis <= 1)) {
      throw new IllegalArgumentException("hysteresis must be in (0, 1]");
    }
    if (minWindows < 1 || maxGapWindows < 0 || !(cooldownS >= 0)) {
      throw new IllegalArgumentException("need minWindows ≥ 1, maxGapWindows ≥ 0, cooldownS ≥ 0");
    }
    if (!(minPeakG >= 0 && minPeakG <= 2)) {
      throw new IllegalArgumentException("minPeakG must be 0–2 g, was " + minPeakG);
    }
  }

  public static EventRules defaults(int collisionClass) {
    return new EventRules(0.8, 2, 1, 2.0, collisionClass, 0.3);
  }
}
