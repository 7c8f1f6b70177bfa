package io.vigil.cloud.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.vigil.cloud.drift.DriftRule;
import java.time.Duration;

/**
 * How fleets' input drift is judged ({@code vigil.drift.*}).
 *
 * @param model the model whose packages' drift references fleets are compared with (default
 *     vigil-driving)
 * @param halfLife an input counts half as much this much later, device time (default 6 h)
 * @param minSamples frames per channel, after fading, needed before drift is judged (default 15000,
 *     five minutes of one vehicle at 50 Hz)
 * @param alertPsi population stability index from which a channel's drift alerts and retraining is
 *     suggested (default 0.25)
 */
@ConfigurationProperties("vigil.drift")
public record DriftSettings(
    @Bindable(defaultValue = "vigil-driving") String model,
    @Bindable(defaultValue = "PT6H") Duration halfLife,
    @Bindable(defaultValue = "200000") double minSamples,
    @Bindable(defaultValue = "0.25") double alertPsi,
    @Bindable(defaultValue = "accel_x,accel_y,accel_z,gyro_x,gyro_y,gyro_z")
        java.util.List<String> channels) {

  /** The rule; fails naming the setting that is out of range. */
  public DriftRule rule() {
    try {
      for (String c : channels) {
        if (io.vigil.protocol.drift.FeatureBins.of(c).isEmpty()) {
          throw new IllegalArgumentException("channels: no protocol bins for '" + c + "'");
        }
      }
      return new DriftRule(
          model, halfLife.toMillis(), minSamples, alertPsi, java.util.Set.copyOf(channels));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("vigil.drift: " + e.getMessage(), e);
    }
  }
}
