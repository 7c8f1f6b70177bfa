package io.vigil.agent.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds sensor faults in one vehicle's raw IMU stream: an accelerometer axis that repeats exactly
 * the same value ({@value #STUCK_SAMPLES} samples: real sensor noise never does), an axis pinned at
 * the same value beyond {@value #SATURATION_MIN_G} g ({@value #SATURATION_SAMPLES} samples: clipped
 * at full scale), and dropouts (no sample for {@value #DROPOUT_MS} ms). A stuck or saturated fault
 * ends once its condition has been absent for {@value #CLEAR_MS} ms. Spikes are left to the model's
 * anomaly score. One instance per vehicle; returns the faults that ended with each sample.
 */
final class SensorFaultDetector {

  /** The faults this detector tells apart. */
  enum Fault {
    STUCK,
    SATURATION,
    DROPOUT
  }

  /**
   * A fault that has ended.
   *
   * @param fault which
   * @param startNs first affected sample
   * @param endNs last affected sample
   */
  record FaultSpan(Fault fault, long startNs, long endNs) {}

  static final int STUCK_SAMPLES = 25;
  static final int SATURATION_SAMPLES = 5;
  static final double SATURATION_MIN_G = 7.5;
  static final long DROPOUT_MS = 500;
  static final long CLEAR_MS = 1000;

  private static final double SATURATION_MIN_MS2 = SATURATION_MIN_G * 9.80665;

  private final double[] previous = new double[3];
  private final double[] now = new double[3];
  private final int[] repeats = new int[3];
  private final long[] repeatStartNs = new long[3];
  private long previousNs = Long.MIN_VALUE;
  private Fault open;
  private long openStartNs;
  private long openLastNs;

  /** One sample's accelerations (m/s²); the faults that ended with it, usually none. */
  List<FaultSpan> imu(long tNs, double ax, double ay, double az) {
    List<FaultSpan> ended = List.of();
    if (previousNs != Long.MIN_VALUE && tNs - previousNs >= DROPOUT_MS * 1_000_000) {
      ended = new ArrayList<>(2);
      closeOpen(ended);
      ended.add(new FaultSpan(Fault.DROPOUT, previousNs, tNs));
      java.util.Arrays.fill(repeats, 0);
    }
    Fault condition = null;
    long conditionStartNs = tNs;
    double[] now = this.now;
    now[0] = ax;
    now[1] = ay;
    now[2] = az;
    for (int i = 0; i < 3; i++) {
      if (previousNs != Long.MIN_VALUE && now[i] == previous[i]) {
        repeats[i]++;
      } else {
        repeats[i] = 0;
        repeatStartNs[i] = tNs;
      }
      previous[i] = now[i];
      if (repeats[i] + 1 >= SATURATION_SAMPLES && Math.abs(now[i]) >= SATURATION_MIN_MS2) {
        condition = Fault.SATURATION;
        conditionStartNs = repeatStartNs[i];
      } else if (repeats[i] + 1 >= STUCK_SAMPLES && condition == null) {
        condition = Fault.STUCK;
        conditionStartNs = repeatStartNs[i];
      }
    }
    previousNs = tNs;
    if (condition != null) {
      if (open == null) {
        open = condition;
        openStartNs = conditionStartNs;
      }
      openLastNs = tNs;
    } else if (open != null && tNs - openLastNs >= CLEAR_MS * 1_000_000) {
      if (ended.isEmpty()) {
        ended = new ArrayList<>(1);
      }
      closeOpen(ended);
    }
    return ended;
  }

  /** Ends an open fault at the end of the stream. */
  List<FaultSpan> finish() {
    List<FaultSpan> ended = new ArrayList<>(1);
    closeOpen(ended);
    return ended;
  }

  private void closeOpen(List<FaultSpan> ended) {
    if (open != null) {
      ended.add(new FaultSpan(open, openStartNs, openLastNs));
      open = null;
    }
  }
}
