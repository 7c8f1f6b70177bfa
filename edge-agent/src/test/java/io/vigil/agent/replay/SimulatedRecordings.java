package io.vigil.agent.replay;

import io.vigil.simulator.SampleSink;
import io.vigil.simulator.Trip;
import io.vigil.simulator.TripSimulator;
import io.vigil.simulator.record.Recording;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.scenario.ScenarioFile;
import io.vigil.simulator.sensor.GpsFix;
import io.vigil.simulator.sensor.ImuSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The test scenario's drives as in-memory recordings, mounting not stated (as from a real device).
 */
public final class SimulatedRecordings {

  private SimulatedRecordings() {}

  public static List<Recording> agentTest() throws Exception {
    List<Recording> out = new ArrayList<>();
    for (FleetPlan.Vehicle v :
        FleetPlan.of(ScenarioFile.read(Path.of("src/test/resources/agent-test.yaml")))) {
      out.add(record(v));
    }
    return out;
  }

  static Recording record(FleetPlan.Vehicle v) {
    List<long[]> times = new ArrayList<>();
    List<double[]> accel = new ArrayList<>();
    List<double[]> gyro = new ArrayList<>();
    List<Double> speed = new ArrayList<>();
    double[] pendingSpeed = {Double.NaN};
    Trip trip =
        new TripSimulator(v.trip())
            .run(
                new SampleSink() {
                  @Override
                  public void imu(ImuSample s) {
                    times.add(new long[] {s.tNs()});
                    accel.add(new double[] {s.ax(), s.ay(), s.az()});
                    gyro.add(new double[] {s.gx(), s.gy(), s.gz()});
                    speed.add(pendingSpeed[0]);
                    pendingSpeed[0] = Double.NaN;
                  }

                  @Override
                  public void gps(GpsFix fix) {
                    pendingSpeed[0] = fix.speedMps();
                  }
                });
    int n = times.size();
    long[] t = new long[n];
    double[] sp = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = times.get(i)[0];
      sp[i] = speed.get(i);
    }
    Map<String, String> meta = new HashMap<>();
    meta.put("fleet", v.fleetId());
    meta.put("vehicle", v.vehicleId());
    meta.put("driver", v.driverId());
    return new Recording(
        meta, t, accel.toArray(double[][]::new), gyro.toArray(double[][]::new), sp, trip.labels());
  }
}
