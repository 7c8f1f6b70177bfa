package io.vigil.cloud.drift;

import java.util.Map;

/**
 * A fleet's drift on one model version as last judged.
 *
 * @param level the verdict
 * @param samples faded frames of the channel with the fewest
 * @param psi population stability index by channel (empty without a reference)
 * @param worstChannel the judged channel with the largest index, null if none
 * @param referenceWindows training windows the reference counted, 0 without one
 */
public record DriftAssessment(
    DriftLevel level,
    double samples,
    Map<String, Double> psi,
    String worstChannel,
    long referenceWindows) {

  public DriftAssessment {
    psi = psi == null ? Map.of() : Map.copyOf(psi);
  }

  /** The largest index, NaN if none. */
  public double worstPsi() {
    return worstChannel == null ? Double.NaN : psi.get(worstChannel);
  }
}
