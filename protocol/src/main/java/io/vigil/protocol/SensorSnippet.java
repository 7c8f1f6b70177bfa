package io.vigil.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * A few seconds of raw IMU samples around an event, kept for review and retraining. All six arrays
 * have the same length; sample {@code i} was taken at {@code startOffsetMs + i * 1000 / rateHz}
 * milliseconds relative to the event's device time.
 *
 * @param rateHz sample rate, Hz
 * @param startOffsetMs time of the first sample relative to the event start, ms (usually negative)
 * @param frame whether axes are the device's own or rotated into the vehicle frame
 * @param ax acceleration x, m/s²
 * @param ay acceleration y, m/s²
 * @param az acceleration z, m/s²
 * @param gx angular velocity about x (roll rate), rad/s
 * @param gy angular velocity about y (pitch rate), rad/s
 * @param gz angular velocity about z (yaw rate), rad/s
 */
public record SensorSnippet(
    double rateHz,
    long startOffsetMs,
    Frame frame,
    double[] ax,
    double[] ay,
    double[] az,
    double[] gx,
    double[] gy,
    double[] gz) {

  /** The axes the snippet's samples are expressed in. */
  public enum Frame implements WireEnum {
    DEVICE,
    VEHICLE
  }

  public SensorSnippet {
    Objects.requireNonNull(frame, "frame");
    int n = Objects.requireNonNull(ax, "ax").length;
    for (double[] axis : new double[][] {ay, az, gx, gy, gz}) {
      if (Objects.requireNonNull(axis, "axis").length != n) {
        throw new IllegalArgumentException("all snippet axes must have " + n + " samples");
      }
    }
  }

  /** Number of samples per axis. */
  public int length() {
    return ax.length;
  }

  // Arrays compare by content so that decoded messages equal the ones that were encoded.
  @Override
  public boolean equals(Object other) {
    return other instanceof SensorSnippet s
        && Double.compare(rateHz, s.rateHz) == 0
        && startOffsetMs == s.startOffsetMs
        && frame == s.frame
        && Arrays.equals(ax, s.ax)
        && Arrays.equals(ay, s.ay)
        && Arrays.equals(az, s.az)
        && Arrays.equals(gx, s.gx)
        && Arrays.equals(gy, s.gy)
        && Arrays.equals(gz, s.gz);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(rateHz, startOffsetMs, frame);
    for (double[] axis : new double[][] {ax, ay, az, gx, gy, gz}) {
      h = 31 * h + Arrays.hashCode(axis);
    }
    return h;
  }

  @Override
  public String toString() {
    return "SensorSnippet[rateHz="
        + rateHz
        + ", startOffsetMs="
        + startOffsetMs
        + ", frame="
        + frame
        + ", samples="
        + length()
        + "]";
  }
}
