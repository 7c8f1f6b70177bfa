package io.vigil.simulator;

import io.vigil.simulator.sensor.GpsFix;
import io.vigil.simulator.sensor.ImuSample;
import java.util.ArrayList;
import java.util.List;

/** Keeps every sample a trip delivers. */
final class SampleCollector implements SampleSink {

  final List<ImuSample> imu = new ArrayList<>();
  final List<GpsFix> gps = new ArrayList<>();

  @Override
  public void imu(ImuSample sample) {
    imu.add(sample);
  }

  @Override
  public void gps(GpsFix fix) {
    gps.add(fix);
  }
}
