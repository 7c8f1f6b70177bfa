package io.vigil.launcher.bench;

import java.util.Arrays;

/**
 * End-to-end latency from cumulative curves: the k-th event sent is taken to become visible when
 * the visible count first reaches k. Exact when events become visible in the order they were sent,
 * and a fair estimate otherwise (it pairs the k-th departure with the k-th arrival, the way
 * queueing theory reads delay from departure and arrival curves). Visibility is sampled by polling,
 * so each latency is rounded up to the next poll.
 */
final class ArrivalLatency {

  private ArrivalLatency() {}

  /**
   * @param sentNanos when each event was due to be sent, ascending
   * @param polledNanos when the visible count was read, ascending
   * @param visible the count read at each poll (non-decreasing)
   * @return each event's latency in nanoseconds, ascending; shorter than {@code sentNanos} if the
   *     last events never became visible
   */
  static long[] latencies(long[] sentNanos, long[] polledNanos, long[] visible) {
    long[] out = new long[sentNanos.length];
    int poll = 0;
    int n = 0;
    for (int k = 0; k < sentNanos.length; k++) {
      while (poll < visible.length && visible[poll] < k + 1) {
        poll++;
      }
      if (poll == visible.length) {
        break;
      }
      out[n++] = Math.max(0, polledNanos[poll] - sentNanos[k]);
    }
    long[] sorted = Arrays.copyOf(out, n);
    Arrays.sort(sorted);
    return sorted;
  }

  /** The {@code q}-quantile (0..1) of ascending values, nearest rank. */
  static long quantile(long[] ascending, double q) {
    if (ascending.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    int rank = (int) Math.ceil(q * ascending.length);
    return ascending[Math.min(ascending.length - 1, Math.max(0, rank - 1))];
  }
}
