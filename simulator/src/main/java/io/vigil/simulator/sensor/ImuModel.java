package io.vigil.simulator.sensor;

import java.util.SplittableRandom;

/**
 * Turns the true vehicle-frame motion into what a mounted MEMS IMU reports: rotated into device
 * axes, with per-axis scale error, bias (drifting as a random walk), white noise, engine vibration,
 * saturation, timestamp jitter and the occasional lost sample.
 */
public final class ImuModel {

  private static final double G = 9.80665;

  private final ImuSettings settings;
  private final double[][] rotation;
  private final GaussianSource normal;
  private final SplittableRandom rng;
  private final double[] accelBias = new double[3];
  private final double[] gyroBias = new double[3];
  private final double[] accelScale = new double[3];
  private final double[] gyroScale = new double[3];
  private final double vibrationHz;
  private final double[] vibrationAxis = new double[3];
  private final double[] device = new double[3];
  private final double[] reading = new double[6];
  private long lastNs = -1;

  public ImuModel(ImuSettings settings, Mounting mounting, SplittableRandom rng) {
    this.settings = settings;
    this.rotation = mounting.deviceToVehicle();
    this.rng = rng;
    this.normal = new GaussianSource(rng);
    for (int i = 0; i < 3; i++) {
      accelBias[i] = normal.next() * settings.accelBiasStd();
      gyroBias[i] = normal.next() * settings.gyroBiasStd();
      accelScale[i] = 1 + normal.next() * settings.scaleErrorStd();
      gyroScale[i] = 1 + normal.next() * settings.scaleErrorStd();
      vibrationAxis[i] = normal.next();
    }
    vibrationHz = 25 + 35 * rng.nextDouble();
  }

  /**
   * The reading at {@code tS} of a vehicle whose specific force ({@code accel}, m/s², vehicle
   * frame, gravity included: +9.81 on z at rest) and angular velocity ({@code gyro}, rad/s) are
   * given; null if this sample was lost.
   */
  public ImuSample measure(double tS, double[] accel, double[] gyro, boolean engineOn) {
    double dt = 1 / settings.rateHz();
    double walk = settings.accelBiasWalk() * Math.sqrt(dt);
    for (int i = 0; i < 3; i++) {
      accelBias[i] += normal.next() * walk;
    }
    boolean dropped = rng.nextDouble() < settings.dropProbability();
    double jitter = normal.next() * settings.timestampJitterStd();
    double vibration =
        engineOn ? settings.vibrationAmplitude() * Math.sin(2 * Math.PI * vibrationHz * tS) : 0;

    Mounting.toDevice(rotation, accel, device);
    double limit = settings.rangeG() * G;
    for (int i = 0; i < 3; i++) {
      double value =
          accelScale[i] * device[i]
              + accelBias[i]
              + noise(settings.accelNoiseStd())
              + vibration * vibrationAxis[i];
      reading[i] = clamp(value, limit);
    }
    Mounting.toDevice(rotation, gyro, device);
    for (int i = 0; i < 3; i++) {
      double value = gyroScale[i] * device[i] + gyroBias[i] + noise(settings.gyroNoiseStd());
      reading[3 + i] = clamp(value, settings.gyroRangeRadS());
    }

    long tNs = Math.max(lastNs + 1, Math.round((tS + jitter) * 1e9));
    lastNs = tNs;
    return dropped
        ? null
        : new ImuSample(
            tNs, reading[0], reading[1], reading[2], reading[3], reading[4], reading[5]);
  }

  private double noise(double std) {
    return std == 0 ? 0 : normal.next() * std;
  }

  private static double clamp(double v, double limit) {
    return Math.max(-limit, Math.min(limit, v));
  }
}
