package io.vigil.agent.detect;

import java.util.Objects;
import java.util.UUID;

/**
 * The cloud's request for unflagged stretches of driving ({@code upload_samples}), as a vehicle's
 * detector carries it out.
 *
 * @param requestId carried by every uploaded stretch
 * @param count stretches to upload
 * @param spacingNs least time between two stretches' starts, ns of sample time (at least one
 *     stretch long)
 */
public record SampleRequest(UUID requestId, int count, long spacingNs) {
  public SampleRequest {
    Objects.requireNonNull(requestId, "requestId");
    if (count < 1 || spacingNs < UnflaggedSampler.SPAN_NS) {
      throw new IllegalArgumentException("count ≥ 1 and spacing ≥ one stretch");
    }
  }
}
