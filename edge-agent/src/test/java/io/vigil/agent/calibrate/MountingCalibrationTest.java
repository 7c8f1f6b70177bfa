package io.vigil.agent.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.input.SampleListener;
import io.vigil.agent.input.SimulatorInput;
import io.vigil.inference.input.VehicleFrame;
import io.vigil.protocol.Calibration;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.scenario.ScenarioFile;
import io.vigil.simulator.sensor.Mounting;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Calibration against the simulator's true mountings. */
class MountingCalibrationTest {

  @Test
  void learnsUpAndForwardOfArbitraryMountingsWithinMinutes() throws Exception {
    learnsWithinMinutes("src/test/resources/agent-test.yaml");
  }

  @Test
  void aFailingSensorDoesNotThrowItOff() throws Exception {
    // 30 faults an hour: saturated axes alone once outweighed every good speed change
    learnsWithinMinutes("src/test/resources/agent-faulty.yaml");
  }

  private void learnsWithinMinutes(String scenario) throws Exception {
    List<FleetPlan.Vehicle> fleet = FleetPlan.of(ScenarioFile.read(Path.of(scenario)));
    for (FleetPlan.Vehicle v : fleet) {
      MountingCalibration c = new MountingCalibration();
      double[] convergedAtS = {-1};
      new SimulatorInput(v)
          .run(
              new SampleListener() {
                @Override
                public void imu(
                    long tNs, double ax, double ay, double az, double gx, double gy, double gz) {
                  c.imu(tNs, ax, ay, az, gx, gy, gz);
                }

                @Override
                public void gps(long tNs, double speedMps, double latitude, double longitude) {
                  c.gps(tNs, speedMps);
                  if (convergedAtS[0] < 0 && c.status().state() == Calibration.State.CONVERGED) {
                    convergedAtS[0] = tNs / 1e9;
                  }
                }
              });
      assertThat(c.status().state()).as(v.vehicleId()).isEqualTo(Calibration.State.CONVERGED);
      assertThat(convergedAtS[0]).as(v.vehicleId() + " converged after s").isLessThan(420);
      double[] truth = flat(v.trip().mounting());
      assertThat(angleDeg(c.frame(), truth, 0))
          .as(v.vehicleId() + " forward error °")
          .isLessThan(8);
      assertThat(angleDeg(c.frame(), truth, 2)).as(v.vehicleId() + " up error °").isLessThan(3);

      MountingCalibration resumed = MountingCalibration.resume(c.snapshot());
      assertThat(resumed.status().state()).isEqualTo(Calibration.State.CONVERGED);
      assertThat(angleDeg(resumed.frame(), flat(v.trip().mounting()), 0)).isLessThan(8);
    }
  }

  @Test
  void beforeAnyDrivingTheHeadingIsUnknown() {
    MountingCalibration c = new MountingCalibration();
    assertThat(c.status().state()).isEqualTo(Calibration.State.UNKNOWN);
    java.util.SplittableRandom noise = new java.util.SplittableRandom(1);
    for (int i = 0; i < 750; i++) { // 15 s at rest
      c.imu(
          i * 20_000_000L,
          0.3 + 0.02 * noise.nextDouble(),
          0.2 + 0.02 * noise.nextDouble(),
          9.8 + 0.02 * noise.nextDouble(),
          0,
          0,
          0);
    }
    assertThat(c.status().state()).isEqualTo(Calibration.State.GRAVITY_ONLY);
    assertThat(c.frame().headingKnown()).isFalse();
  }

  /** Angle between row {@code row} (vehicle axis in device coordinates) of the two rotations. */
  private static double angleDeg(VehicleFrame frame, double[] truth, int row) {
    double[] r = frame.rotation();
    double dot = 0;
    for (int i = 0; i < 3; i++) {
      dot += r[row * 3 + i] * truth[row * 3 + i];
    }
    return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, dot))));
  }

  private static double[] flat(Mounting m) {
    double[][] r = m.deviceToVehicle();
    return new double[] {
      r[0][0], r[0][1], r[0][2], r[1][0], r[1][1], r[1][2], r[2][0], r[2][1], r[2][2]
    };
  }
}
