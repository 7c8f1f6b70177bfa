package io.vigil.protocol.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.protocol.SensorSnippet;
import io.vigil.protocol.json.InvalidMessageException.Problem;

/** The sensor snippet of an event: rate, offset, frame and six equal-length sample arrays. */
final class SnippetFormat implements WireFormat<SensorSnippet> {

  static final SnippetFormat INSTANCE = new SnippetFormat();

  private static final String[] ACCEL = {"ax", "ay", "az"};
  private static final String[] GYRO = {"gx", "gy", "gz"};

  @Override
  public void write(SensorSnippet value, ObjectNode out) {
    out.put("rateHz", value.rateHz());
    out.put("startOffsetMs", value.startOffsetMs());
    out.put("frame", value.frame().wireName());
    double[][] axes = {value.ax(), value.ay(), value.az(), value.gx(), value.gy(), value.gz()};
    String[] names = {"ax", "ay", "az", "gx", "gy", "gz"};
    for (int i = 0; i < axes.length; i++) {
      ArrayNode array = out.putArray(names[i]);
      for (double sample : axes[i]) {
        array.add(sample);
      }
    }
  }

  @Override
  public SensorSnippet read(FieldReader in) throws InvalidMessageException {
    double rateHz =
        in.number("rateHz", WireLimits.MIN_SNIPPET_RATE_HZ, WireLimits.MAX_SNIPPET_RATE_HZ);
    long offset =
        in.integer(
            "startOffsetMs", -WireLimits.MAX_SNIPPET_OFFSET_MS, WireLimits.MAX_SNIPPET_OFFSET_MS);
    SensorSnippet.Frame frame = in.enumValue("frame", SensorSnippet.Frame.class);
    double[][] accel = new double[3][];
    double[][] gyro = new double[3][];
    for (int i = 0; i < 3; i++) {
      accel[i] = samples(in, ACCEL[i], WireLimits.MAX_ABS_ACCEL_MS2);
      gyro[i] = samples(in, GYRO[i], WireLimits.MAX_ABS_GYRO_RADS);
    }
    int n = accel[0].length;
    for (int i = 0; i < 3; i++) {
      checkLength(in, ACCEL[i], accel[i].length, n);
      checkLength(in, GYRO[i], gyro[i].length, n);
    }
    return new SensorSnippet(
        rateHz, offset, frame, accel[0], accel[1], accel[2], gyro[0], gyro[1], gyro[2]);
  }

  private static double[] samples(FieldReader in, String axis, double maxAbs)
      throws InvalidMessageException {
    return in.numberArray(axis, 1, WireLimits.MAX_SNIPPET_SAMPLES, -maxAbs, maxAbs);
  }

  private static void checkLength(FieldReader in, String axis, int length, int expected)
      throws InvalidMessageException {
    if (length != expected) {
      throw new InvalidMessageException(
          in.pathOf(axis),
          Problem.BAD_FORMAT,
          "holds " + length + " samples, ax holds " + expected + "; all axes must be equal");
    }
  }
}
