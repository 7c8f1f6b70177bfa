package io.vigil.agent.input;

import io.vigil.simulator.drive.Label;
import io.vigil.simulator.record.Recording;
import java.util.List;
import java.util.Map;

/** A recording in the simulator's recording format, played as fast as it can be read. */
public final class RecordingInput implements SensorInput {

  private final Recording recording;

  public RecordingInput(Recording recording) {
    this.recording = recording;
  }

  @Override
  public Map<String, String> metadata() {
    return recording.metadata();
  }

  @Override
  public List<Label> labels() {
    return recording.labels();
  }

  @Override
  public void run(SampleListener listener) {
    for (int i = 0; i < recording.size(); i++) {
      long t = recording.tNs()[i];
      double speed = recording.speedMps()[i];
      if (!Double.isNaN(speed)) {
        listener.gps(t, speed, Double.NaN, Double.NaN);
      }
      double[] a = recording.accel()[i];
      double[] g = recording.gyro()[i];
      listener.imu(t, a[0], a[1], a[2], g[0], g[1], g[2]);
    }
  }
}
