package io.vigil.protocol.drift;

import java.util.Map;
import java.util.Optional;

/**
 * The fixed histogram bins of a model input channel, the same for the agents that count their
 * inputs, the training data's reference and the cloud that compares them (population stability
 * index). Equal-width bins from {@code low} to {@code high}, plus one below and one above: {@link
 * #size()} counts in all. Fixed in the protocol, not learned from data, so that counts from any
 * agent and any model version add up.
 *
 * @param low lower edge of the first inner bin, in the channel's unit
 * @param high upper edge of the last inner bin
 * @param inner number of equal-width bins between them
 */
public record FeatureBins(double low, double high, int inner) {

  /** By model input channel name (the {@code featureStats} names of telemetry). */
  private static final Map<String, FeatureBins> BY_CHANNEL =
      Map.of(
          // m/s²: harsh manoeuvres are about 4, crashes beyond 15; gravity may be in z
          "accel_x", new FeatureBins(-20, 20, 40),
          "accel_y", new FeatureBins(-20, 20, 40),
          "accel_z", new FeatureBins(-20, 20, 40),
          // rad/s: a sharp turn is about 0.5
          "gyro_x", new FeatureBins(-1, 1, 20),
          "gyro_y", new FeatureBins(-1, 1, 20),
          "gyro_z", new FeatureBins(-1, 1, 20),
          // m/s: 0 to 180 km/h in 7.2 km/h steps
          "speed", new FeatureBins(0, 50, 25),
          // flags: 0 or 1
          "speed_valid", new FeatureBins(-0.5, 1.5, 2),
          "heading_known", new FeatureBins(-0.5, 1.5, 2));

  /** Most counts a histogram may have on the wire. */
  public static final int MAX_SIZE = 64;

  public FeatureBins {
    if (!(high > low) || inner < 1 || inner + 2 > MAX_SIZE) {
      throw new IllegalArgumentException("need low < high and 1.." + (MAX_SIZE - 2) + " bins");
    }
  }

  /** The bins of a channel, if the protocol defines them. */
  public static Optional<FeatureBins> of(String channel) {
    return Optional.ofNullable(BY_CHANNEL.get(channel));
  }

  /** Counts in a histogram: the inner bins, one below and one above. */
  public int size() {
    return inner + 2;
  }

  /** The bin {@code value} falls in: 0 below {@code low}, {@code size() - 1} at or above high. */
  public int index(double value) {
    if (Double.isNaN(value) || value < low) {
      return 0;
    }
    if (value >= high) {
      return inner + 1;
    }
    return 1 + Math.min(inner - 1, (int) ((value - low) / (high - low) * inner));
  }
}
