package io.vigil.simulator.drive;

import java.util.Objects;
import java.util.Optional;

/**
 * Ground truth for one labelled stretch of a trip: a safety event, its gentle counterpart, a hard
 * negative or a sensor fault. Peaks are taken from the true vehicle-frame signal, in g, signed.
 *
 * @param startS start, seconds from the start of the trip
 * @param endS end, seconds from the start of the trip
 * @param kind what it is
 * @param direction left/right/front/rear where it applies
 * @param peakLongitudinalG largest |longitudinal acceleration| in the span, signed
 * @param peakLateralG largest |lateral acceleration| in the span, signed
 * @param peakVerticalG largest |vertical acceleration| (gravity removed) in the span, signed
 */
public record Label(
    double startS,
    double endS,
    LabelKind kind,
    Optional<String> direction,
    double peakLongitudinalG,
    double peakLateralG,
    double peakVerticalG) {

  public Label {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(direction, "direction");
    if (!(endS >= startS)) {
      throw new IllegalArgumentException("label ends before it starts");
    }
  }
}
