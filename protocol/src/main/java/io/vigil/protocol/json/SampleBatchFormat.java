package io.vigil.protocol.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.protocol.SampleBatch;
import io.vigil.protocol.json.InvalidMessageException.Problem;

/** Wire form of {@link SampleBatch}; see {@code sample-batch.schema.json}. */
final class SampleBatchFormat implements WireFormat<SampleBatch> {

  private static final String[] ACCEL = {"ax", "ay", "az"};
  private static final String[] GYRO = {"gx", "gy", "gz"};

  @Override
  public void write(SampleBatch b, ObjectNode out) {
    out.put("fleetId", b.fleetId());
    out.put("vehicleId", b.vehicleId());
    out.put("rateHz", b.rateHz());
    ArrayNode t = out.putArray("tNs");
    for (long value : b.tNs()) {
      t.add(value);
    }
    double[][] axes = {b.ax(), b.ay(), b.az(), b.gx(), b.gy(), b.gz()};
    String[] names = {"ax", "ay", "az", "gx", "gy", "gz"};
    for (int i = 0; i < axes.length; i++) {
      ArrayNode array = out.putArray(names[i]);
      for (double value : axes[i]) {
        array.add(value);
      }
    }
    if (!b.gps().isEmpty()) {
      ArrayNode gps = out.putArray("gps");
      for (SampleBatch.GpsFix f : b.gps()) {
        gps.addObject()
            .put("tNs", f.tNs())
            .put("speedMps", f.speedMps())
            .put("lat", f.lat())
            .put("lon", f.lon());
      }
    }
  }

  @Override
  public SampleBatch read(FieldReader in) throws InvalidMessageException {
    String fleetId = in.id("fleetId");
    String vehicleId = in.id("vehicleId");
    double rateHz =
        in.number("rateHz", WireLimits.MIN_SNIPPET_RATE_HZ, WireLimits.MAX_SNIPPET_RATE_HZ);
    long[] t = in.integerArray("tNs", 1, WireLimits.MAX_BATCH_SAMPLES, 0, Long.MAX_VALUE);
    for (int i = 1; i < t.length; i++) {
      if (t[i] <= t[i - 1]) {
        throw new InvalidMessageException(
            in.pathOf("tNs") + "[" + i + "]", Problem.BAD_FORMAT, "times must strictly increase");
      }
    }
    double[][] accel = new double[3][];
    double[][] gyro = new double[3][];
    for (int i = 0; i < 3; i++) {
      accel[i] = axis(in, ACCEL[i], t.length, WireLimits.MAX_ABS_ACCEL_MS2);
      gyro[i] = axis(in, GYRO[i], t.length, WireLimits.MAX_ABS_GYRO_RADS);
    }
    var gps =
        in.optionalList(
            "gps",
            WireLimits.MAX_BATCH_GPS_FIXES,
            f ->
                new SampleBatch.GpsFix(
                    f.integer("tNs", 0, Long.MAX_VALUE),
                    f.number("speedMps", 0, WireLimits.MAX_SPEED_KMH / 3.6),
                    f.number("lat", -90, 90),
                    f.number("lon", -180, 180)));
    return new SampleBatch(
        fleetId, vehicleId, rateHz, t, accel[0], accel[1], accel[2], gyro[0], gyro[1], gyro[2],
        gps);
  }

  private static double[] axis(FieldReader in, String name, int length, double maxAbs)
      throws InvalidMessageException {
    double[] values = in.numberArray(name, 1, WireLimits.MAX_BATCH_SAMPLES, -maxAbs, maxAbs);
    if (values.length != length) {
      throw new InvalidMessageException(
          in.pathOf(name),
          Problem.BAD_FORMAT,
          "holds " + values.length + " values, tNs holds " + length + "; all must be equal");
    }
    return values;
  }
}
