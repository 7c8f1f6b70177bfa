package io.vigil.agent.calibrate;

import io.vigil.agent.storage.AtomicJsonFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each vehicle's calibration in {@code {dir}/{fleet}/{vehicle}.json} so that a restarted
 * agent starts with the mounting it had learned. Written atomically ({@link AtomicJsonFile}); an
 * unreadable file is logged and the vehicle learns its mounting again.
 */
public final class CalibrationStore {

  private static final Logger LOG = LoggerFactory.getLogger(CalibrationStore.class);

  private final Path dir;

  public CalibrationStore(Path dir) {
    this.dir = dir;
  }

  private Path file(String fleet, String vehicle) {
    return dir.resolve(fleet).resolve(vehicle + ".json");
  }

  /** The vehicle's calibration, resumed from disk, or a fresh one. */
  public MountingCalibration load(String fleet, String vehicle) {
    Path f = file(fleet, vehicle);
    if (!Files.exists(f)) {
      return new MountingCalibration();
    }
    try {
      return MountingCalibration.resume(AtomicJsonFile.read(f, CalibrationSnapshot.class));
    } catch (IOException | RuntimeException e) {
      LOG.warn("calibration {} is unreadable ({}); learning the mounting again", f, e.getMessage());
      return new MountingCalibration();
    }
  }

  public void save(String fleet, String vehicle, MountingCalibration calibration)
      throws IOException {
    // Not forced to disk: a calibration lost to a power cut is learned again in minutes.
    AtomicJsonFile.write(file(fleet, vehicle), calibration.snapshot(), false);
  }
}
