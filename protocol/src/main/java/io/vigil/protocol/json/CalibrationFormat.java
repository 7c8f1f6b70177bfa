package io.vigil.protocol.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.protocol.Calibration;

/** {@code {"state": "converged", "confidence": 0.93}}. */
final class CalibrationFormat implements WireFormat<Calibration> {

  static final CalibrationFormat INSTANCE = new CalibrationFormat();

  @Override
  public void write(Calibration value, ObjectNode out) {
    out.put("state", value.state().wireName());
    out.put("confidence", value.confidence());
  }

  @Override
  public Calibration read(FieldReader in) throws InvalidMessageException {
    return new Calibration(
        in.enumValue("state", Calibration.State.class), in.number("confidence", 0, 1));
  }
}
