package io.vigil.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.simulator.SampleSink;
import io.vigil.simulator.sensor.GpsFix;
import io.vigil.simulator.sensor.ImuSample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Real-time pacing on a fake clock: vehicles follow the clock exactly, no sleeps. */
class RealtimeFleetTest {

  /** A clock that jumps to each deadline instead of sleeping. */
  private static final class FakePacer implements Pacer {
    long now;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleepUntil(long deadlineNs) {
      now = Math.max(now, deadlineNs);
    }
  }

  @Test
  void everyVehicleGetsExactlyTheSamplesOfTheElapsedTime() throws Exception {
    List<FleetPlan.Vehicle> plan = demoPlan();
    Map<String, AtomicLong> perVehicle = new ConcurrentHashMap<>();
    FakePacer clock = new FakePacer();

    RealtimeFleet.Report report =
        new RealtimeFleet(plan, v -> counting(perVehicle, v.vehicleId()), 2, 20, clock).run(10);

    assertThat(report.vehicles()).isEqualTo(10);
    assertThat(report.ticks()).isEqualTo(500);
    assertThat(report.overruns()).isZero();
    assertThat(report.keptRealTime()).isTrue();
    // 10 s at 50 Hz is 500 periods; the last tick starts at 9.98 s. Lost samples (0.1 %) aside,
    // every vehicle delivered the same number of samples as every other, within a few.
    assertThat(perVehicle).hasSize(10);
    assertThat(perVehicle.values()).allSatisfy(n -> assertThat(n.get()).isBetween(490L, 499L));
  }

  @Test
  void aFleetTooSlowForTheClockIsReportedAsBehind() throws Exception {
    FakePacer clock = new FakePacer();
    // Every sample "costs" 3 ms of fake time: a tick of 10 vehicles takes 30 ms, over its 20 ms.
    SampleSink slow =
        new SampleSink() {
          @Override
          public void imu(ImuSample sample) {
            clock.now += 3_000_000;
          }

          @Override
          public void gps(GpsFix fix) {}
        };
    RealtimeFleet.Report report = new RealtimeFleet(demoPlan(), v -> slow, 1, 20, clock).run(10);

    assertThat(report.keptRealTime()).isFalse();
    assertThat(report.overruns()).isPositive();
  }

  private static List<FleetPlan.Vehicle> demoPlan() throws IOException {
    return FleetPlan.of(ScenarioFile.read(Path.of("..", "seeds", "demo-fleet.yaml")));
  }

  private static SampleSink counting(Map<String, AtomicLong> counts, String vehicle) {
    AtomicLong n = counts.computeIfAbsent(vehicle, k -> new AtomicLong());
    return new SampleSink() {
      @Override
      public void imu(ImuSample sample) {
        n.incrementAndGet();
      }

      @Override
      public void gps(GpsFix fix) {}
    };
  }
}
