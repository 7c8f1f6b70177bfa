package io.vigil.agent.input;

import java.util.List;
import java.util.Map;

/**
 * Where a vehicle's raw samples come from: a recording, the in-process simulator, or (device mode)
 * sample batches over MQTT. {@link #run} pushes the samples to a listener until the source ends.
 */
public interface SensorInput {

  /** Metadata of the source (fleet, vehicle, driver where it knows them). */
  Map<String, String> metadata();

  /** Ground truth, where the source has it (recordings with labels.csv, the simulator). */
  List<io.vigil.simulator.drive.Label> labels();

  /** Pushes every sample, in time order, then returns. */
  void run(SampleListener listener);
}
