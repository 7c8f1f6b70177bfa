package io.vigil.simulator.record;

import io.vigil.simulator.drive.Label;
import java.util.List;
import java.util.Map;

/**
 * A trip read back from the recording format.
 *
 * @param metadata header key=value pairs (rate_hz, seed, persona, …)
 * @param tNs timestamps, ns since the trip start
 * @param accel specific force per sample [n][3], m/s², device frame
 * @param gyro angular velocity per sample [n][3], rad/s, device frame
 * @param speedMps GPS speed per sample, NaN where no fix arrived
 * @param labels ground truth, empty if the recording has no labels.csv
 */
public record Recording(
    Map<String, String> metadata,
    long[] tNs,
    double[][] accel,
    double[][] gyro,
    double[] speedMps,
    List<Label> labels) {

  public int size() {
    return tNs.length;
  }
}
