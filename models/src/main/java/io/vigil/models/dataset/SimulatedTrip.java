package io.vigil.models.dataset;

import io.vigil.inference.input.InputSpec;
import io.vigil.inference.input.VehicleFrame;
import io.vigil.inference.input.WindowAssembler;
import io.vigil.simulator.SampleSink;
import io.vigil.simulator.Trip;
import io.vigil.simulator.TripSettings;
import io.vigil.simulator.TripSimulator;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.sensor.GpsFix;
import io.vigil.simulator.sensor.ImuSample;
import java.util.SplittableRandom;

/**
 * Simulates one vehicle of a scenario and cuts its samples into model windows exactly as an agent
 * would: a calibration frame for the {@link Condition}, the device's own IMU rate resampled to the
 * model's, GPS speed only when the condition has GPS.
 */
public final class SimulatedTrip {

  private SimulatedTrip() {}

  /**
   * @param imuRateHz device sample rate to simulate (the scenario's when ≤ 0)
   */
  public static LabelledTrip run(
      FleetPlan.Vehicle vehicle, Condition condition, double imuRateHz, InputSpec spec) {
    TripSettings settings = vehicle.trip();
    if (imuRateHz > 0 && imuRateHz != settings.imu().rateHz()) {
      settings = settings.withImu(settings.imu().withRate(imuRateHz));
    }
    SplittableRandom rng = new SplittableRandom(settings.seed() ^ 0x5eed_ca1bL);
    VehicleFrame frame =
        SimulatedCalibration.frame(settings.mounting(), condition.headingKnown(), rng);
    RawWindows windows = new RawWindows(spec);
    WindowAssembler assembler = new WindowAssembler(spec, frame, windows);
    Trip trip =
        new TripSimulator(settings)
            .run(
                new SampleSink() {
                  @Override
                  public void imu(ImuSample s) {
                    assembler.imu(s.tNs(), s.ax(), s.ay(), s.az(), s.gx(), s.gy(), s.gz());
                  }

                  @Override
                  public void gps(GpsFix fix) {
                    if (condition.gps()) {
                      assembler.gps(fix.tNs(), fix.speedMps());
                    }
                  }
                });
    return new LabelledTrip(
        vehicle.vehicleId(), "simulated", condition, trip.labels(), windows, settings.durationS());
  }
}
