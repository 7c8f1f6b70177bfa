package io.vigil.simulator;

import io.vigil.simulator.sensor.GpsFix;
import io.vigil.simulator.sensor.ImuSample;

/**
 * Where a simulated trip's samples go, as they are made: an in-process agent, a recording file, an
 * MQTT publisher. Called from the simulating thread, in time order.
 */
public interface SampleSink {

  void imu(ImuSample sample);

  void gps(GpsFix fix);

  /** A sink that drops everything (for benchmarks of the simulator itself). */
  static SampleSink discarding() {
    return new SampleSink() {
      @Override
      public void imu(ImuSample sample) {}

      @Override
      public void gps(GpsFix fix) {}
    };
  }
}
