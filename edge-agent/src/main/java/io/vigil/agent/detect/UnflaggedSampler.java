package io.vigil.agent.detect;

import java.util.Optional;
import java.util.UUID;

/**
 * Picks stretches of driving the model did not flag, for an upload request from the cloud: each a
 * fixed {@link #SPAN_NS} long, at least the request's spacing apart, with no event, open track or
 * anomaly run anywhere in it or within {@link #GUARD_NS} after it (a stretch is only handed out
 * once that much later driving was scored quiet too). Pure bookkeeping on window times; the
 * detector supplies what "quiet" means and cuts the snippet.
 */
final class UnflaggedSampler {

  /** Length of one stretch: two windows' worth, as long as a short event's snippet. */
  static final long SPAN_NS = 5_000_000_000L;

  /** Quiet driving required after a stretch before it counts as unflagged. */
  static final long GUARD_NS = 3_000_000_000L;

  /** One stretch to upload. */
  record Pick(UUID requestId, long startNs, long endNs, float maxEventProbability) {}

  private SampleRequest request;
  private int remaining;
  private long nextStartNs;
  private long candidateStartNs = -1;
  private float candidateMax;

  /** Starts {@code r} (replacing any request under way) from sample time {@code nowNs} on. */
  void start(SampleRequest r, long nowNs) {
    request = r;
    remaining = r.count();
    nextStartNs = nowNs;
    candidateStartNs = -1;
  }

  /** Whether stretches are still wanted: the detector skips its work otherwise. */
  boolean active() {
    return remaining > 0;
  }

  /** Stretches still wanted. */
  int remaining() {
    return remaining;
  }

  /**
   * One scored window, in time order.
   *
   * @param quiet no track or anomaly run is open, and no event has been reported over it
   * @param eventProbability the window's highest probability of any event class
   * @return a stretch that is now known to be unflagged
   */
  Optional<Pick> window(long startNs, long endNs, boolean quiet, float eventProbability) {
    if (remaining == 0) {
      return Optional.empty();
    }
    if (!quiet) {
      candidateStartNs = -1;
      return Optional.empty();
    }
    if (candidateStartNs < 0) {
      if (startNs >= nextStartNs) {
        candidateStartNs = startNs;
        candidateMax = eventProbability;
      }
      return Optional.empty();
    }
    long end = candidateStartNs + SPAN_NS;
    if (endNs <= end) {
      candidateMax = Math.max(candidateMax, eventProbability);
    }
    if (endNs < end + GUARD_NS) {
      return Optional.empty();
    }
    Pick pick = new Pick(request.requestId(), candidateStartNs, end, candidateMax);
    remaining--;
    nextStartNs = candidateStartNs + request.spacingNs();
    candidateStartNs = -1;
    return Optional.of(pick);
  }
}
