package io.vigil.simulator;

import java.util.ArrayList;
import java.util.List;

/** Keeps the true vehicle-frame state of every step, for physics assertions. */
final class TruthRecorder implements TruthSink {

  record Step(double tS, double speed, double[] accel, double[] gyro) {}

  final List<Step> steps = new ArrayList<>();

  @Override
  public void step(double tS, double speed, double[] accel, double[] gyro) {
    steps.add(new Step(tS, speed, accel.clone(), gyro.clone()));
  }
}
