package io.vigil.inference.input;

import java.util.List;
import java.util.Objects;

/**
 * The shape of a model's input, read from its package manifest: windows of {@code windowSamples}
 * frames at {@code rateHz}, one every {@code hopSamples} frames, channel-major ({@code [N, C, T]}).
 * Agents build windows from this spec only, so a model with another rate or window length needs no
 * new agent.
 *
 * @param tensorName name of the model's input tensor
 * @param rateHz frames per second the model expects, Hz
 * @param windowSamples frames per window
 * @param hopSamples frames between the starts of consecutive windows
 * @param channels channel order of the input tensor
 * @param maxMissingFraction windows with more missing frames than this share are skipped, 0..1
 * @param speedMaxAgeS a GPS speed older than this is treated as unknown, seconds
 */
public record InputSpec(
    String tensorName,
    double rateHz,
    int windowSamples,
    int hopSamples,
    List<ModelChannel> channels,
    double maxMissingFraction,
    double speedMaxAgeS) {

  public InputSpec {
    Objects.requireNonNull(tensorName, "tensorName");
    channels = List.copyOf(channels);
    if (!(rateHz >= 1 && rateHz <= 1000)) {
      throw new IllegalArgumentException("input rate must be 1–1000 Hz, was " + rateHz);
    }
    if (windowSamples < 2 || hopSamples < 1 || hopSamples > windowSamples) {
      throw new IllegalArgumentException(
          "need 2 ≤ window and 1 ≤ hop ≤ window, was window "
              + windowSamples
              + ", hop "
              + hopSamples);
    }
    if (channels.isEmpty() || channels.size() != channels.stream().distinct().count()) {
      throw new IllegalArgumentException("input channels must be distinct and not empty");
    }
    if (!(maxMissingFraction >= 0 && maxMissingFraction < 1)) {
      throw new IllegalArgumentException("maxMissingFraction must be in [0, 1)");
    }
    if (!(speedMaxAgeS > 0)) {
      throw new IllegalArgumentException("speedMaxAgeS must be positive");
    }
  }

  /** Vigil's v1 layout: 50 Hz, 2.5 s windows every 0.5 s, IMU + speed + validity flags. */
  public static InputSpec v1() {
    return new InputSpec("window", 50, 125, 25, List.of(ModelChannel.values()), 0.1, 2.0);
  }

  /** Floats in one window. */
  public int windowFloats() {
    return channels.size() * windowSamples;
  }

  /** Window length, seconds. */
  public double windowS() {
    return windowSamples / rateHz;
  }

  /** Hop length, seconds. */
  public double hopS() {
    return hopSamples / rateHz;
  }
}
