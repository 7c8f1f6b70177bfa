package io.vigil.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A batch of raw sensor samples of one vehicle, on {@code .../samples}: what an IMU and GPS
 * receiver report, for an edge agent that runs elsewhere. IMU samples are in the device's own axes;
 * the six IMU arrays and {@code tNs} have equal length.
 *
 * @param fleetId fleet of the vehicle
 * @param vehicleId vehicle; must match the topic
 * @param rateHz nominal IMU rate, Hz
 * @param tNs sample times, ns since the sensor started, strictly increasing
 * @param ax specific force x, m/s²
 * @param ay specific force y, m/s²
 * @param az specific force z, m/s²
 * @param gx angular velocity x, rad/s
 * @param gy angular velocity y, rad/s
 * @param gz angular velocity z, rad/s
 * @param gps GPS fixes that arrived during the batch
 */
public record SampleBatch(
    String fleetId,
    String vehicleId,
    double rateHz,
    long[] tNs,
    double[] ax,
    double[] ay,
    double[] az,
    double[] gx,
    double[] gy,
    double[] gz,
    List<GpsFix> gps)
    implements VigilMessage {

  public SampleBatch {
    Objects.requireNonNull(fleetId, "fleetId");
    Objects.requireNonNull(vehicleId, "vehicleId");
    int n = Objects.requireNonNull(tNs, "tNs").length;
    for (double[] axis : new double[][] {ax, ay, az, gx, gy, gz}) {
      if (Objects.requireNonNull(axis, "axis").length != n) {
        throw new IllegalArgumentException("all sample arrays must have " + n + " values");
      }
    }
    gps = List.copyOf(gps);
  }

  /** Number of IMU samples. */
  public int size() {
    return tNs.length;
  }

  /**
   * One GPS fix.
   *
   * @param tNs time, ns since the sensor started
   * @param speedMps ground speed, m/s
   * @param lat latitude, degrees
   * @param lon longitude, degrees
   */
  public record GpsFix(long tNs, double speedMps, double lat, double lon) {}

  // Arrays compare by content so that decoded batches equal the ones that were encoded.
  @Override
  public boolean equals(Object other) {
    return other instanceof SampleBatch b
        && fleetId.equals(b.fleetId)
        && vehicleId.equals(b.vehicleId)
        && Double.compare(rateHz, b.rateHz) == 0
        && Arrays.equals(tNs, b.tNs)
        && Arrays.equals(ax, b.ax)
        && Arrays.equals(ay, b.ay)
        && Arrays.equals(az, b.az)
        && Arrays.equals(gx, b.gx)
        && Arrays.equals(gy, b.gy)
        && Arrays.equals(gz, b.gz)
        && gps.equals(b.gps);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(fleetId, vehicleId, rateHz, gps);
    h = 31 * h + Arrays.hashCode(tNs);
    for (double[] axis : new double[][] {ax, ay, az, gx, gy, gz}) {
      h = 31 * h + Arrays.hashCode(axis);
    }
    return h;
  }

  @Override
  public String toString() {
    return "SampleBatch["
        + fleetId
        + "/"
        + vehicleId
        + ", "
        + size()
        + " samples at "
        + rateHz
        + " Hz, "
        + gps.size()
        + " GPS fixes]";
  }
}
