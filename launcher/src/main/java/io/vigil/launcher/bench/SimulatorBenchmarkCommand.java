package io.vigil.launcher.bench;

import io.vigil.simulator.SampleSink;
import io.vigil.simulator.TripSettings;
import io.vigil.simulator.TripSimulator;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.scenario.Pacer;
import io.vigil.simulator.scenario.RealtimeFleet;
import io.vigil.simulator.scenario.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench-simulator}: samples generated per second on one thread, and the largest fleet
 * the simulator keeps in real time at 50 Hz with a no-op consumer. Writes a Markdown report.
 */
@Command(
    name = "bench-simulator",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the simulator: single-thread samples/s and the largest real-time fleet.",
      "Fleet sizes are tried in increasing order for --seconds each; writes a Markdown report."
    })
public final class SimulatorBenchmarkCommand implements Callable<Integer> {

  private static final int WARMUP_VEHICLE_HOURS = 40;

  @Option(
      names = "--vehicle-hours",
      descriptionKey = "bench-simulator.vehicle-hours",
      description =
          "Simulated vehicle-hours for the single-thread rate (default: ${DEFAULT-VALUE}).")
  int vehicleHours = 20;

  @Option(
      names = "--fleets",
      descriptionKey = "bench-simulator.fleets",
      split = ",",
      description = "Fleet sizes tried in real time (default: ${DEFAULT-VALUE}).")
  List<Integer> fleets = List.of(2_000, 5_000, 10_000, 15_000, 20_000, 30_000, 40_000);

  @Option(
      names = "--seconds",
      descriptionKey = "bench-simulator.seconds",
      description = "Wall-clock seconds per real-time fleet size (default: ${DEFAULT-VALUE}).")
  double seconds = 10;

  @Option(
      names = "--report-dir",
      descriptionKey = "bench-simulator.report-dir",
      description = "Where the report goes (default: ${DEFAULT-VALUE}).")
  Path reportDir = Path.of("target", "bench");

  @Override
  public Integer call() throws Exception {
    if (vehicleHours < 1 || seconds <= 0 || fleets.isEmpty()) {
      throw new IllegalArgumentException("need --vehicle-hours ≥ 1, --seconds > 0 and fleet sizes");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    // The JIT needs tens of vehicle-hours before the step loop reaches its steady speed
    // (measured: ~1.9 M samples/s in the first 10, ~5 M after 30).
    System.out.println(
        "Single-thread generation: warming up (" + WARMUP_VEHICLE_HOURS + " vehicle-hours)…");
    generate(WARMUP_VEHICLE_HOURS, 1);
    long start = System.nanoTime();
    long samples = generate(vehicleHours, 100);
    double rate = samples / ((System.nanoTime() - start) / 1e9);
    System.out.printf("  %,d samples, %,.0f samples/s%n", samples, rate);

    List<RealtimeFleet.Report> reports = new ArrayList<>();
    int largest = 0;
    for (int size : fleets) {
      System.out.printf(
          "Real time: %,d vehicles at 50 Hz for %.0f s on %d threads…%n", size, seconds, cores);
      RealtimeFleet fleet =
          new RealtimeFleet(plan(size), v -> SampleSink.discarding(), cores, 20, Pacer.SYSTEM);
      RealtimeFleet.Report r = fleet.run(seconds);
      reports.add(r);
      System.out.printf(
          "  %,.0f samples/s, %d of %d ticks over 20 ms, backlog %d samples: %s%n",
          r.samplesPerSecond(),
          r.overruns(),
          r.ticks(),
          r.backlogSamples(),
          r.keptRealTime() ? "kept real time" : "fell behind");
      if (!r.keptRealTime()) {
        break;
      }
      largest = size;
    }

    StringBuilder b = new StringBuilder("# Simulator benchmark\n\n");
    b.append(BenchmarkReport.runLine()).append("\n\n");
    b.append(
        String.format(
            "Single thread, full sensor model, discarding sink: **%,.0f samples/s** (%d vehicle-hours "
                + "at 50 Hz after a %d vehicle-hour warm-up; target ≥ 2,000,000).%n%n",
            rate, vehicleHours, WARMUP_VEHICLE_HOURS));
    b.append(
        String.format(
            "Largest fleet kept in real time at 50 Hz with a no-op consumer: **%,d vehicles** "
                + "(target ≥ 10,000). Kept = fewer than 1 %% of 20 ms ticks over time, no backlog.%n%n",
            largest));
    b.append("| vehicles | samples/s | ticks | ticks over 20 ms | backlog (samples) | kept |\n");
    b.append("|---:|---:|---:|---:|---:|---|\n");
    for (RealtimeFleet.Report r : reports) {
      b.append(
          String.format(
              "| %,d | %,.0f | %d | %d | %d | %s |%n",
              r.vehicles(),
              r.samplesPerSecond(),
              r.ticks(),
              r.overruns(),
              r.backlogSamples(),
              r.keptRealTime() ? "yes" : "no"));
    }
    BenchmarkReport.publish(reportDir, "simulator-latest.md", b);
    return 0;
  }

  private static long generate(int vehicleHours, long seedBase) {
    long samples = 0;
    for (int i = 0; i < vehicleHours; i++) {
      samples +=
          new TripSimulator(TripSettings.typical(seedBase + i, 3600))
              .run(SampleSink.discarding())
              .imuSamples();
    }
    return samples;
  }

  private static List<FleetPlan.Vehicle> plan(int vehicles) {
    Scenario scenario =
        new Scenario(
            "bench",
            "real-time benchmark",
            7,
            60,
            null,
            List.of(
                new Scenario.VehicleGroup("bench", "v-", vehicles, "normal", "car", null, null)),
            null,
            null,
            null);
    return FleetPlan.of(scenario);
  }
}
