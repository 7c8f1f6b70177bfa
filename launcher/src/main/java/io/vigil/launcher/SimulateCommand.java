package io.vigil.launcher;

import io.vigil.simulator.scenario.FleetRecorder;
import io.vigil.simulator.scenario.Scenario;
import io.vigil.simulator.scenario.ScenarioFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a scenario as fast as possible and writes one recording per vehicle, printing progress
 * (vehicles, samples/s, events so far) every second.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Simulate a scenario from seeds/ and write recordings (samples.csv + labels.csv per vehicle).",
      "Same scenario and seed give byte-identical recordings."
    })
final class SimulateCommand implements Callable<Integer> {

  @Option(
      names = "--scenario",
      required = true,
      description = "Scenario YAML file, e.g. seeds/demo-fleet.yaml.")
  Path scenarioFile;

  @Option(
      names = "--out",
      descriptionKey = "simulate.out",
      description =
          "Output directory; recordings go to OUT/SCENARIO/FLEET/VEHICLE (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("target", "recordings");

  @Option(
      names = "--threads",
      descriptionKey = "simulate.threads",
      description = "Vehicles simulated in parallel (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Override
  public Integer call() throws Exception {
    Scenario scenario = ScenarioFile.read(scenarioFile);
    Path target = out.resolve(scenario.name());
    FleetRecorder recorder = new FleetRecorder(scenario, target, threads);
    FleetRecorder.Progress p = recorder.progress();
    System.out.printf(
        "Simulating '%s': %d vehicles × %.0f min → %s%n",
        scenario.name(), p.vehicles(), scenario.tripMinutes(), target.toAbsolutePath());
    long start = System.nanoTime();
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "simulate-progress");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(() -> print(p, start), 1, 1, TimeUnit.SECONDS);
    try {
      recorder.run();
    } finally {
      ticker.shutdownNow();
    }
    print(p, start);
    System.out.println("Labels: " + p.labels());
    return 0;
  }

  private static void print(FleetRecorder.Progress p, long start) {
    double s = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "  %d/%d vehicles, %,d samples (%,.0f samples/s), %d safety events%n",
        p.vehiclesDone(), p.vehicles(), p.samples(), p.samples() / s, p.safetyEvents());
  }
}
