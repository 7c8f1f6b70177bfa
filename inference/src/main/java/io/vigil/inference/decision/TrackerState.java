package io.vigil.inference.decision;

import java.util.Arrays;

/**
 * One vehicle's decoding state between windows: the open event, if any, and per-class cooldowns.
 * Immutable: {@link EventDecoder} returns a new state for every window.
 *
 * @param openClass class of the open event, or -1
 * @param startNs start of the open event, nanoseconds
 * @param endNs end of the open event's last active window, nanoseconds
 * @param windows active windows of the open event
 * @param gap consecutive windows below the hold level since the last active one
 * @param peak highest probability of the open event's class so far
 * @param motionPeak largest horizontal acceleration of the open event's active windows, m/s² (NaN
 *     while none was known)
 * @param reported whether the open event was already reported (collision fast path)
 * @param cooldownUntilNs per class, no new event of the class before this time, nanoseconds
 */
public record TrackerState(
    int openClass,
    long startNs,
    long endNs,
    int windows,
    int gap,
    float peak,
    float motionPeak,
    boolean reported,
    long[] cooldownUntilNs) {

  public static TrackerState initial(int classes) {
    long[] cooldown = new long[classes];
    Arrays.fill(cooldown, Long.MIN_VALUE);
    return new TrackerState(-1, 0, 0, 0, 0, 0f, Float.NaN, false, cooldown);
  }

  boolean open() {
    return openClass >= 0;
  }

  TrackerState closed(long cooldownUntil) {
    long[] cooldown = cooldownUntilNs.clone();
    cooldown[openClass] = cooldownUntil;
    return new TrackerState(-1, 0, 0, 0, 0, 0f, Float.NaN, false, cooldown);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrackerState s
        && openClass == s.openClass
        && startNs == s.startNs
        && endNs == s.endNs
        && windows == s.windows
        && gap == s.gap
        && Float.compare(peak, s.peak) == 0
        && Float.compare(motionPeak, s.motionPeak) == 0
        && reported == s.reported
        && Arrays.equals(cooldownUntilNs, s.cooldownUntilNs);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(cooldownUntilNs) * 31 + openClass;
  }

  @Override
  public String toString() {
    return "TrackerState[openClass=" + openClass + ", windows=" + windows + ", gap=" + gap + "]";
  }
}
