package io.vigil.simulator.sensor;

/**
 * Imperfections of a MEMS IMU, with defaults typical of the boards and phones Vigil sees.
 *
 * @param rateHz sample rate, Hz (default 50; 25–200 allowed)
 * @param accelNoiseStd white noise per accelerometer sample, m/s² (default 0.03)
 * @param gyroNoiseStd white noise per gyroscope sample, rad/s (default 0.002)
 * @param accelBiasStd spread of the per-axis accelerometer bias at power-on, m/s² (default 0.05)
 * @param gyroBiasStd spread of the per-axis gyroscope bias at power-on, rad/s (default 0.003)
 * @param accelBiasWalk accelerometer bias random walk, m/s² per √s (default 0.0005)
 * @param scaleErrorStd spread of the per-axis scale error, fraction (default 0.01)
 * @param rangeG accelerometer full scale, ±g (default 16; 8 also common)
 * @param gyroRangeRadS gyroscope full scale, ±rad/s (default 34.9 = 2000 °/s)
 * @param vibrationAmplitude engine vibration while the engine runs, m/s² (default 0.08)
 * @param timestampJitterStd timestamp jitter, seconds (default 0.0003)
 * @param dropProbability chance that a sample is lost (default 0.001)
 */
public record ImuSettings(
    double rateHz,
    double accelNoiseStd,
    double gyroNoiseStd,
    double accelBiasStd,
    double gyroBiasStd,
    double accelBiasWalk,
    double scaleErrorStd,
    double rangeG,
    double gyroRangeRadS,
    double vibrationAmplitude,
    double timestampJitterStd,
    double dropProbability) {

  public ImuSettings {
    if (rateHz < 25 || rateHz > 200) {
      throw new IllegalArgumentException("IMU rate must be 25–200 Hz, was " + rateHz);
    }
    if (rangeG < 2) {
      throw new IllegalArgumentException("accelerometer range must be at least ±2 g");
    }
    if (dropProbability < 0 || dropProbability >= 1) {
      throw new IllegalArgumentException("dropProbability must be in [0, 1)");
    }
  }

  public static ImuSettings defaults() {
    return new ImuSettings(
        50, 0.03, 0.002, 0.05, 0.003, 0.0005, 0.01, 16, 34.9, 0.08, 0.0003, 0.001);
  }

  /** No imperfections at all: for tests that check the physics itself. */
  public static ImuSettings ideal(double rateHz) {
    return new ImuSettings(rateHz, 0, 0, 0, 0, 0, 0, 64, 1000, 0, 0, 0);
  }

  public ImuSettings withRate(double hz) {
    return new ImuSettings(
        hz,
        accelNoiseStd,
        gyroNoiseStd,
        accelBiasStd,
        gyroBiasStd,
        accelBiasWalk,
        scaleErrorStd,
        rangeG,
        gyroRangeRadS,
        vibrationAmplitude,
        timestampJitterStd,
        dropProbability);
  }
}
