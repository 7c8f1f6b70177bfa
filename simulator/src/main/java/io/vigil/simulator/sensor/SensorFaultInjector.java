package io.vigil.simulator.sensor;

import io.vigil.simulator.drive.Label;
import io.vigil.simulator.drive.LabelKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Breaks the IMU now and then, as real devices do, and labels it: a stuck axis (repeats its last
 * value), a spike burst (large random spikes on one axis), a dropout (no samples at all) or
 * saturation (one axis pinned at full scale). Faults are a Poisson process; each lasts 1–8 s. The
 * fault type is written in the label's direction column.
 */
public final class SensorFaultInjector {

  /** Kinds of sensor fault. */
  public enum Fault {
    STUCK,
    SPIKES,
    DROPOUT,
    SATURATION
  }

  private final double perHour;
  private final double rangeMs2;
  private final SplittableRandom rng;
  private final GaussianSource normal;
  private final List<Label> labels = new ArrayList<>();
  private double nextStartS;
  private double endS = -1;
  private double startS;
  private Fault fault;
  private int axis;
  private double[] stuckValue;

  /**
   * @param perHour faults per hour
   * @param rangeG accelerometer full scale, ±g
   */
  public SensorFaultInjector(double perHour, double rangeG, SplittableRandom rng) {
    this.perHour = perHour;
    this.rangeMs2 = rangeG * 9.80665;
    this.rng = rng;
    this.normal = new GaussianSource(rng);
    this.nextStartS = arrivalAfter(0);
  }

  /**
   * The sample as the faulty device reports it at {@code tS}: changed, unchanged, or null (lost).
   */
  public ImuSample apply(double tS, ImuSample sample) {
    if (fault == null && tS >= nextStartS) {
      start(tS, sample);
    }
    if (fault != null && tS >= endS) {
      labels.add(
          new Label(
              startS,
              endS,
              LabelKind.SENSOR_FAULT,
              Optional.of(fault.name().toLowerCase(java.util.Locale.ROOT)),
              0,
              0,
              0));
      fault = null;
      nextStartS = arrivalAfter(tS);
    }
    if (fault == null || sample == null) {
      return sample;
    }
    double[] a = {sample.ax(), sample.ay(), sample.az()};
    switch (fault) {
      case DROPOUT -> {
        return null;
      }
      case STUCK -> a[axis] = stuckValue[axis];
      case SPIKES -> {
        if (rng.nextDouble() < 0.3) {
          a[axis] = Math.max(-rangeMs2, Math.min(rangeMs2, a[axis] + normal.next() * rangeMs2 / 3));
        }
      }
      case SATURATION -> a[axis] = a[axis] >= 0 ? rangeMs2 : -rangeMs2;
    }
    return new ImuSample(sample.tNs(), a[0], a[1], a[2], sample.gx(), sample.gy(), sample.gz());
  }

  private void start(double tS, ImuSample sample) {
    fault = Fault.values()[rng.nextInt(Fault.values().length)];
    axis = rng.nextInt(3);
    startS = tS;
    endS = tS + 1 + 7 * rng.nextDouble();
    stuckValue =
        sample == null
            ? new double[] {0, 0, 9.80665}
            : new double[] {sample.ax(), sample.ay(), sample.az()};
  }

  /** Labels of the faults so far, including one still going on at {@code nowS}. */
  public List<Label> labels(double nowS) {
    List<Label> all = new ArrayList<>(labels);
    if (fault != null) {
      all.add(
          new Label(
              startS,
              Math.min(endS, nowS),
              LabelKind.SENSOR_FAULT,
              Optional.of(fault.name().toLowerCase(java.util.Locale.ROOT)),
              0,
              0,
              0));
    }
    return all;
  }

  private double arrivalAfter(double nowS) {
    if (perHour <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    return nowS - Math.log(1 - rng.nextDouble()) * 3600 / perHour;
  }
}
