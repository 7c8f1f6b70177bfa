package io.vigil.models.dataset;

import io.vigil.inference.input.InputSpec;
import io.vigil.inference.input.VehicleFrame;
import io.vigil.inference.input.WindowAssembler;
import io.vigil.simulator.record.Recording;
import io.vigil.simulator.record.RecordingReader;
import io.vigil.simulator.sensor.Mounting;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A trip read from the recording format (the simulator's or a real device's). When the recording
 * states its mounting, the windows use it (heading known); otherwise "up" comes from the mean
 * acceleration and the heading stays unknown, as on an uncalibrated agent.
 */
public final class RecordedTrip {

  private RecordedTrip() {}

  /** Reads {@code dir}; a missing file or column is an IOException naming it. */
  public static LabelledTrip read(Path dir, InputSpec spec) throws IOException {
    Recording r = RecordingReader.read(dir);
    if (r.size() < 2) {
      throw new IOException(dir + "/samples.csv: fewer than two samples");
    }
    VehicleFrame frame = frame(r, dir);
    RawWindows windows = new RawWindows(spec);
    WindowAssembler assembler = new WindowAssembler(spec, frame, windows);
    boolean anySpeed = false;
    for (int i = 0; i < r.size(); i++) {
      double[] a = r.accel()[i];
      double[] g = r.gyro()[i];
      if (!Double.isNaN(r.speedMps()[i])) {
        assembler.gps(r.tNs()[i], r.speedMps()[i]);
        anySpeed = true;
      }
      assembler.imu(r.tNs()[i], a[0], a[1], a[2], g[0], g[1], g[2]);
    }
    Condition condition = Condition.of(frame.headingKnown(), anySpeed);
    double duration = (r.tNs()[r.size() - 1] - r.tNs()[0]) / 1e9;
    String id = r.metadata().getOrDefault("vehicle", dir.getFileName().toString());
    return new LabelledTrip(id, "recording", condition, r.labels(), windows, duration);
  }

  private static VehicleFrame frame(Recording r, Path dir) throws IOException {
    String yaw = r.metadata().get("mounting_yaw_deg");
    if (yaw != null) {
      try {
        Mounting m =
            new Mounting(
                Math.toRadians(Double.parseDouble(yaw)),
                Math.toRadians(
                    Double.parseDouble(r.metadata().getOrDefault("mounting_pitch_deg", "0"))),
                Math.toRadians(
                    Double.parseDouble(r.metadata().getOrDefault("mounting_roll_deg", "0"))));
        return SimulatedCalibration.exact(m);
      } catch (NumberFormatException e) {
        throw new IOException(
            dir + "/samples.csv: mounting metadata is not a number: " + e.getMessage());
      }
    }
    double sx = 0;
    double sy = 0;
    double sz = 0;
    for (double[] a : r.accel()) {
      sx += a[0];
      sy += a[1];
      sz += a[2];
    }
    return VehicleFrame.fromGravity(sx, sy, sz);
  }
}
