package io.vigil.agent.input;

import io.vigil.simulator.SampleSink;
import io.vigil.simulator.Trip;
import io.vigil.simulator.TripSimulator;
import io.vigil.simulator.drive.Label;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.sensor.GpsFix;
import io.vigil.simulator.sensor.ImuSample;
import java.util.List;
import java.util.Map;

/**
 * One simulated vehicle of a scenario, run in process as fast as it computes. The mounting stays
 * the simulator's secret: the agent learns it like on a real board.
 */
public final class SimulatorInput implements SensorInput {

  private final FleetPlan.Vehicle vehicle;
  private List<Label> labels = List.of();

  public SimulatorInput(FleetPlan.Vehicle vehicle) {
    this.vehicle = vehicle;
  }

  @Override
  public Map<String, String> metadata() {
    return Map.of(
        "fleet", vehicle.fleetId(), "vehicle", vehicle.vehicleId(), "driver", vehicle.driverId());
  }

  /** The trip's labels; complete once {@link #run} has returned. */
  @Override
  public List<Label> labels() {
    return labels;
  }

  /** The simulator's sample callbacks turned into a listener's primitive ones. */
  public static SampleSink sinkFor(SampleListener listener) {
    return new SampleSink() {
      @Override
      public void imu(ImuSample s) {
        listener.imu(s.tNs(), s.ax(), s.ay(), s.az(), s.gx(), s.gy(), s.gz());
      }

      @Override
      public void gps(GpsFix fix) {
        listener.gps(fix.tNs(), fix.speedMps(), fix.latitude(), fix.longitude());
      }
    };
  }

  @Override
  public void run(SampleListener listener) {
    Trip trip = new TripSimulator(vehicle.trip()).run(sinkFor(listener));
    labels = trip.labels();
  }
}
